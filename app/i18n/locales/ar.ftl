# العربية (من اليمين إلى اليسار)

app-name = بوابة اللاجئين
skip-to-content = انتقل إلى المحتوى الرئيسي
nav-home = البداية
nav-sign-in = تسجيل الدخول
nav-verify = التحقق من إثبات
language-switch-label = اللغة
language-switch-submit = تغيير اللغة

home-title = تسجيلك بين يديك
home-lead = اطّلع على سجل تسجيلك، واطلب التصحيحات، واحجز المواعيد، واعرض إثبات تسجيلك الرقمي. كل ذلك من هاتفك.
home-person-title = أنت مسجَّل لدينا
home-person-body = سجّل الدخول بمفتاح المرور: بصمتك أو وجهك أو قفل شاشة هاتفك. لا توجد كلمة سر لتتذكرها.
home-person-action = تسجيل الدخول
home-person-first-time = أول مرة هنا؟ افتح الرابط أو اكتب الرمز الموجود على الورقة التي استلمتها من مكتب التسجيل.
home-provider-title = أنت تتحقق من الوثائق
home-provider-body = العيادات والبنوك والمدارس والشرطة: امسح إثبات التسجيل الرقمي لمعرفة ما إذا كان صحيحًا أو منتهي الصلاحية أو ملغى. لا حاجة إلى حساب. بعد زيارة واحدة يعمل دون اتصال.
home-provider-action = التحقق من إثبات التسجيل
home-staff-title = أنت تعمل لدى الوكالة
home-staff-body = سجّل الأشخاص، وراجع الطلبات، وأدِر المواعيد وإثباتات التسجيل.
home-staff-action = دخول الموظفين
home-privacy-title = بياناتك محمية
home-privacy-body = لا يرى بياناتك إلا أنت والموظفون الذين يحتاجون إليها. كل مرة يفتح فيها موظف سجلك تُدوَّن، ويمكنك أن ترى من فعل ذلك.

not-found-title = الصفحة غير موجودة
not-found-body = هذه الصفحة غير موجودة أو نُقلت إلى مكان آخر.
error-title = حدث خطأ ما
error-body = يُرجى المحاولة مرة أخرى بعد قليل. إذا تكرر ذلك، اسأل في مكتب التسجيل.
error-reference = الرقم المرجعي لمكتب التسجيل: { $reference }
back-to-start = الذهاب إلى صفحة البداية
footer-text = يدير هذه البوابة مكتبُ التسجيل في الوكالة الإنسانية.

working = لحظة من فضلك…
passkey-cancelled = أُلغيت خطوة مفتاح المرور أو انتهى وقتها. حاول مرة أخرى عندما تكون جاهزًا.
passkey-unsupported = هذا المتصفح لا يدعم مفاتيح المرور. يُرجى استخدام متصفح حديث على هاتفك.
passkey-needs-javascript = تحتاج مفاتيح المرور إلى جافاسكريبت. يُرجى تفعيلها لهذا الموقع.

enroll-title = أنشئ مفتاح المرور الخاص بك
enroll-lead = أكّد هويتك أولًا. بعد ذلك يطلب هاتفك بصمتك أو وجهك أو قفل الشاشة.
enroll-code = الرمز الموجود على ورقتك
enroll-code-hint = عشرة أحرف وأرقام، مثل ABCDE-12345
enroll-registration-number = رقم التسجيل
enroll-registration-number-hint = كما هو في وثيقتك، مثل ABC-26-000123
enroll-date-of-birth = تاريخ الميلاد
enroll-staff-summary = أنا أعمل لدى الوكالة
enroll-staff-email = البريد الإلكتروني للعمل
enroll-submit = تأكيد وإنشاء مفتاح المرور
enroll-refused = لم نتمكن من تأكيد هذه البيانات. تحقق منها وحاول مرة أخرى. إذا استمرت المشكلة، اطلب ورقة جديدة من مكتب التسجيل.

signin-title = تسجيل الدخول
signin-lead = استخدم مفتاح المرور الموجود على هذا الهاتف: بصمتك أو وجهك أو قفل الشاشة.
signin-button = تسجيل الدخول بمفتاح المرور
signin-autofill-label = مفتاح المرور الخاص بك
signin-refused = لم ينجح تسجيل الدخول. حاول مرة أخرى. إذا فقدت هاتفك، اطلب ورقة جديدة من مكتب التسجيل.
signin-first-time = ليس لديك مفتاح مرور بعد؟ افتح الرابط الموجود على الورقة التي استلمتها من مكتب التسجيل.

me-title = سجلي
me-greeting = مرحبًا، { $name }
me-registration-number = رقم التسجيل
me-signed-out = أنت لم تسجّل الدخول.
signout = تسجيل الخروج
signout-everywhere = تسجيل الخروج من جميع الأجهزة
staff-title = الموظفون
staff-greeting = مسجَّل الدخول باسم { $name }

mail-invite-subject = أنشئ مفتاح المرور الخاص بك لبوابة اللاجئين
mail-invite-body =
    مرحبًا،

    يمكنك الآن الاطلاع على سجل تسجيلك من هاتفك. افتح هذا الرابط واتبع الخطوات:
    { $link }

    إذا لم يُفتح الرابط، اذهب إلى البوابة واختر «تسجيل الدخول» ثم «أول مرة هنا؟» واكتب هذا الرمز: { $code }

    يعمل الرابط مرة واحدة حتى { $expires }. إذا لم تكن تتوقع هذه الرسالة، يمكنك تجاهلها.

staff-people-title = الأشخاص
staff-people-search-label = رقم التسجيل أو الاسم
staff-people-search-submit = بحث
staff-people-results = عدد الأشخاص: { $count }
staff-people-none = لا أحد يطابق هذا البحث.
staff-people-previous = الصفحة السابقة
staff-people-next = الصفحة التالية
staff-people-open = فتح ملف { $name }
staff-case-title = الملف
staff-case-household = الأسرة
staff-case-born = تاريخ الميلاد
staff-case-relationship = صلة القرابة
staff-case-not-available = هذا السجل غير موجود أو ليس في مكتبك.
staff-invite-title = ورقة التسجيل
staff-invite-revoke = هاتف مفقود: احذف الآن كل مفاتيح المرور وجلسات الدخول لهذا الشخص
staff-invite-submit = إنشاء ورقة تسجيل
staff-invite-code = الرمز
staff-invite-expires = صالحة حتى { $expires }
staff-invite-print = طباعة الورقة
staff-invite-instructions = امسح الرمز بكاميرا الهاتف، أو افتح البوابة واكتب الرمز. ثم أكّد رقم التسجيل وتاريخ الميلاد، وأنشئ مفتاح مرور.
staff-invite-not-allowed = يمكن فقط لموظفي التسجيل في هذا المكتب إنشاء أوراق التسجيل.

passkeys-title = مفاتيح المرور الخاصة بي
passkeys-lead = يتيح لك مفتاح المرور تسجيل الدخول على جهاز. يمكنك امتلاك أكثر من مفتاح، مثلًا على هاتفك وهاتف قريب تثق به.
passkeys-created = أُضيف في { $date }
passkeys-last-used = آخر استخدام في { $date }
passkeys-never-used = لم يُستخدم بعد
passkeys-add = إضافة مفتاح مرور على هذا الجهاز
passkeys-remove = حذف { $name }
passkeys-last-one = هذا هو مفتاح المرور الوحيد لديك. أضف مفتاحًا آخر أولًا، أو اطلب ورقة جديدة من مكتب التسجيل.
passkeys-confirm = أكّد باستخدام مفتاح المرور…
me-passkeys-link = مفاتيح المرور الخاصة بي
