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
busy-title = لحظة من فضلك
busy-body = يجري تجهيز الصفحة. ستفتح تلقائيًا خلال ثوانٍ.
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
staff-people-search-label = الاسم أو رقم التسجيل أو رقم الملف أو الهاتف
staff-people-search-hint = يُعثر على الأسماء مهما كانت طريقة كتابتها، بالحروف اللاتينية أو العربية. وعلى الأرقام من بدايتها أو نهايتها، وعلى الهاتف من أرقامه الأخيرة.
staff-people-born-from = مولود في أو بعد
staff-people-born-to = مولود في أو قبل
staff-people-born = الميلاد
staff-people-case = الملف
staff-people-bad-date = تعذّرت قراءة تاريخ الميلاد. اختره من التقويم (اليوم والشهر والسنة).
staff-people-dates = تاريخ الميلاد (اختياري)
staff-people-search-submit = بحث
staff-people-results = عدد الأشخاص: { $count }
staff-people-none = لا أحد يطابق هذا البحث.
staff-people-previous = الصفحة السابقة
staff-people-next = الصفحة التالية
staff-people-open = فتح ملف { $name }
staff-case-title = الملف
staff-case-household = الأسرة
staff-case-born = تاريخ الميلاد
staff-case-appointments = المواعيد
staff-case-appointments-none = لا توجد مواعيد لهذه الأسرة في مواقعك.
staff-case-requests = الطلبات
staff-case-requests-none = لا توجد طلبات تخص هذه الأسرة.
staff-case-audit = من اطّلع على هذا السجل أو غيّره
staff-case-audit-lead = أحدث القيود في سجل التدقيق. فتح هذا الملف واحد منها.
staff-case-audit-person = الشخص نفسه
staff-case-audit-relative = أحد أفراد الأسرة أو مساعد موثوق
staff-case-audit-partner = نظام شريك
staff-case-audit-system = البوابة (استيراد أو مهمة مجدولة)
case-action-person-view = فتح السجل
case-action-person-update = غيّر السجل
case-action-person-create = أضاف إلى الأسرة
case-action-person-history = اطّلع على تاريخ السجل
case-action-person-contact-view = اطّلع على الهاتف والبريد والعنوان
case-action-request-view = فتح طلبًا
case-action-request-decide = بتّ في طلب
case-action-request-ask-info = طرح سؤالًا على الشخص
case-action-request-recommend = أوصى بقرار
case-action-request-submit = أعدّ طلبًا
case-action-document-view = فتح مستندًا
case-action-helper-view = اطّلع مساعد موثوق على البيانات
case-action-delegation = غيّر من يمكنه التصرف نيابة عن الشخص
case-action-other = عمل آخر على السجل
staff-case-contact = بيانات الاتصال
staff-case-contact-lead = لا يُعرض الهاتف والبريد الإلكتروني والعنوان إلا عند الحاجة. يُسجَّل كل عرض ويمكن للشخص رؤيته.
staff-case-contact-show = اعرض الهاتف والبريد الإلكتروني والعنوان
staff-case-contact-phone = الهاتف
staff-case-contact-email = البريد الإلكتروني
staff-case-contact-address = العنوان
staff-case-contact-none = غير مسجّل
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
passkeys-confirm-remove = هل تريد حذف مفتاح المرور هذا؟ لن تتمكن بعد ذلك من تسجيل الدخول به.
passkeys-device-android = هاتف أندرويد
passkeys-device-iphone = آيفون
passkeys-device-windows = حاسوب ويندوز
passkeys-device-mac = ماك
passkeys-device-other = هذا الجهاز
passkeys-last-one = هذا هو مفتاح المرور الوحيد لديك. أضف مفتاحًا آخر أولًا، أو اطلب ورقة جديدة من مكتب التسجيل.
passkeys-confirm = أكّد باستخدام مفتاح المرور…
me-passkeys-link = مفاتيح المرور الخاصة بي

# My record (issue 4)
nav-my-record = سجلي
nav-my-requests = طلباتي
me-personal = معلومات عني
me-name = الاسم
me-name-original = الاسم بحروف لغتك
me-date-of-birth = تاريخ الميلاد
me-date-estimated = (تقديري)
me-sex = الجنس
me-nationality = الجنسية
me-country-of-origin = بلد الأصل
me-languages = اللغات
me-contact = بيانات الاتصال
me-phone = الهاتف
me-email = البريد الإلكتروني
me-address = العنوان
me-not-given = غير مذكور
me-status = التسجيل
me-status-active = تسجيلك فعّال.
me-status-inactive = تسجيلك غير فعّال حاليًا. يُرجى التواصل مع المكتب.
me-status-closed = هذا التسجيل مغلق.
me-registered-since = مسجَّل منذ { $date }
me-needs = الدعم الذي نعرف أنك تحتاج إليه
me-household = أسرتي
me-household-case = رقم الملف
me-relationship = صلة القرابة
me-requests-open = طلبات قيد المعالجة
me-requests-none = ليس لديك طلبات مفتوحة.
me-request-change = طلب تعديل
me-access-log-link = من اطّلع على بياناتي
me-news = المستجدات
me-news-decided = تم الرد على طلبك { $reference }: { $status }.
me-news-needs-info = لدى المكتب سؤال عن طلبك { $reference }.
me-wrong = هل توجد معلومة خاطئة أو قديمة؟ اطلب تعديلها.

relationship-principal = مقدّم الطلب الرئيسي
relationship-spouse = الزوج أو الزوجة
relationship-child = ابن أو ابنة
relationship-parent = الأب أو الأم
relationship-sibling = أخ أو أخت
relationship-grandchild = حفيد أو حفيدة
relationship-grandparent = جد أو جدة
relationship-other-relative = قريب آخر
relationship-non-relative = ليس من الأقارب

sex-female = أنثى
sex-male = ذكر
sex-other = آخر
sex-unknown = غير مسجَّل

need-sm = حالة طبية خطيرة
need-ds = إعاقة
need-op = شخص مسنّ يحتاج إلى دعم
need-um = طفل بلا والدين أو من يرعاه
need-sc = طفل منفصل عن والديه
need-sp = أب أو أم أو مقدّم رعاية بمفرده
need-pg = حامل أو مرضعة

request-kind-contact = هاتف أو بريد إلكتروني أو عنوان أو لغات جديدة
request-kind-correction = تصحيح الاسم أو تاريخ الميلاد أو الجنس أو الجنسية
request-kind-birth = وُلد طفل
request-kind-marriage = تزوجت: إضافة زوجي أو زوجتي
request-kind-death = توفي أحد أفراد الأسرة
request-kind-departure = غادر أحد أفراد الأسرة

request-status-submitted = أُرسل
request-status-under-review = قيد التحقق
request-status-needs-info = سؤال لك
request-status-approved = تمت الموافقة
request-status-partly-approved = تمت الموافقة جزئيًا
request-status-rejected = لم تتم الموافقة
request-status-cancelled = أُلغي
request-status-submitted-next = طلبك لدى المكتب. يصل الرد عادةً خلال 5 أيام.
request-status-needs-info-next = يحتاج المكتب إلى معلومات إضافية. يُرجى الإجابة أدناه.

requests-title = طلباتي
requests-none = لم تطلب أي تعديل بعد.
requests-sent-on = أُرسل في { $date }
request-new-title = طلب تعديل
request-new-lead = ما الذي تغيّر؟
request-form-only-changes = املأ فقط ما تغيّر.
request-form-reason = لماذا المعلومات المسجَّلة خاطئة؟
request-form-documents = الوثائق الداعمة
request-form-documents-hint = صورة (JPEG أو PNG أو WebP) أو ملف PDF، بحد أقصى { $size } لكل ملف، و5 ملفات على الأكثر.
request-form-documents-needed = هذا التعديل يحتاج إلى وثيقة، مثل إشعار ولادة أو عقد زواج أو جواز سفر.
request-form-member = عمّن يتعلق الطلب؟
request-form-event-date = تاريخ حدوث ذلك
request-form-given-name = الاسم الأول (بالحروف اللاتينية)
request-form-family-name = اسم العائلة (بالحروف اللاتينية)
request-form-given-name-original = الاسم الأول بحروف لغتك (اختياري)
request-form-family-name-original = اسم العائلة بحروف لغتك (اختياري)
request-form-sex = الجنس
request-form-date-of-birth = تاريخ الميلاد
request-form-nationality = الجنسية: رمز من 3 أحرف، مثل SYR أو AFG أو XXA (عديم الجنسية)
request-form-phone = رقم الهاتف الجديد
request-form-phone-hint = مع رمز البلد، مثل +962 79 123 4567
request-form-email = البريد الإلكتروني الجديد
request-form-address = العنوان الجديد
request-form-languages = اللغات: رموز من 3 أحرف، مثل ara;eng
request-form-choose = اختر…
request-form-submit = إرسال طلبي
request-form-kept-title = مرفقة من قبل
request-form-kept-hint = احتفظنا بها من محاولتك الأخيرة، فلا داعي لاختيارها مرة أخرى. أزل العلامة عن أي ملف لاستبعاده.
request-form-kept-size = { $size } كيلوبايت
request-form-errors = يُرجى تصحيح المشكلات أدناه.
request-form-change-kind = اختيار نوع آخر من التعديل

request-title = الطلب { $reference }
request-about = بخصوص
request-changes = ما طُلب
request-change-now = المسجَّل حاليًا
request-change-asked = المطلوب
request-change-add = إضافة إلى الأسرة: { $name }
request-change-end-death = توفي { $name } في { $date }
request-change-end-departure = غادر { $name } الأسرة في { $date }
request-change-approved = تمت الموافقة
request-change-rejected = لم تتم الموافقة
request-decision-reason = السبب
request-decision-note = ملاحظة من المكتب
request-history = مراحل الطلب
request-event-submit = أُرسل
request-event-open = بدأ المكتب التحقق
request-event-ask-info = طرح المكتب سؤالًا
request-event-answer = تمت الإجابة
request-event-recommend = أوصى موظف بقرار
request-event-decide = صدر القرار
request-event-cancel = أُلغي
request-by-person = من الشخص نفسه
request-by-role = من { $role }
request-question = سؤال من المكتب
request-answer = إجابتك
request-answer-submit = إرسال إجابتي
request-cancel = إلغاء هذا الطلب
request-documents = الوثائق
request-document = الوثيقة { $number } ({ $type })
document-type-pdf = ملف PDF
document-type-photo = صورة
request-reason = السبب المذكور

role-clerk = موظف تسجيل
role-approver = مشرف
role-admin = مسؤول النظام

rejection-insufficient-evidence = الوثائق لا تثبت التعديل.
rejection-document-unreadable = تعذّرت قراءة إحدى الوثائق.
rejection-information-mismatch = المعلومات لا تطابق سجلاتنا.
rejection-duplicate = طُلب التعديل نفسه من قبل.
rejection-record-changed = تغيّر السجل في هذه الأثناء. يُرجى التحقق منه والطلب مرة أخرى.
rejection-not-eligible = هذا التعديل غير ممكن حسب القواعد.
rejection-other = سبب آخر (انظر الملاحظة).

access-log-title = من اطّلع على بياناتي
access-log-lead = كل مرة يفتح فيها موظف سجلك أو يغيّره، يُدوَّن ذلك. ترى دوره ومكتبه، وليس اسمه. وتُظهر القائمة أيضًا متى شاركتَ شهادة أو استلمها تطبيق محفظة.
access-log-none = لم يفتح أي موظف سجلك بعد.
access-log-when = متى
access-log-what = ماذا
access-log-who = من
access-log-who-value = { $role }، مكتب { $office }
access-log-all-offices = كل المكاتب
access-action-person-view = فتح سجلك
access-action-person-update = غيّر سجلك
access-action-person-create = أضافك إلى الأسرة
access-action-person-history = اطّلع على التغييرات السابقة في سجلك
access-action-person-contact-view = اطّلع على هاتفك وبريدك الإلكتروني وعنوانك
access-action-request-view = فتح طلبك
access-action-request-decide = أصدر قرارًا بشأن طلبك
access-action-request-ask-info = طرح عليك سؤالًا
access-action-request-recommend = أوصى بقرار بشأن طلبك
access-action-request-submit = أعدّ طلبًا نيابةً عنك
access-action-document-view = فتح وثيقة أرسلتها
access-action-other = عمل آخر على سجلك

problem-required = هذا مطلوب.
problem-too-long = هذا طويل جدًا.
problem-format = هذا ليس بالشكل المطلوب.
problem-not-one-of = اختر أحد الخيارات.
problem-in-future = هذا التاريخ في المستقبل.
problem-too-old = هذا التاريخ قديم جدًا.
problem-control-characters = يحتوي هذا على رموز غير مسموح بها.
problem-hidden-characters = يحتوي هذا على رموز غير مرئية تغيّر اتجاه النص أو تخفي حروفًا. اكتبه من جديد دون نسخه من مكان آخر.
problem-duplicate = القيمة نفسها مذكورة مرتين.
problem-unchanged = هذا مطابق لما لدينا. املأ فقط ما تغيّر.
problem-not-recent = هذا قديم جدًا للإبلاغ عنه هنا. يُرجى الذهاب إلى المكتب.
problem-unknown-member = اختر فردًا حاليًا من أسرتك.
problem-too-many = الملفات كثيرة جدًا. أرسل 5 ملفات على الأكثر.
problem-daily-limit = لقد أرسلت أكبر عدد من المستندات يسمح به يوم واحد. أرسل الباقي غدًا، أو أحضره إلى المكتب.
problem-too-large = أحد الملفات كبير جدًا. أرسل صورة أو ملف PDF أصغر.
problem-unsupported-type = أحد الملفات ليس صورة ولا ملف PDF. أرسل صورة JPEG أو PNG أو WebP، أو ملف PDF.
problem-stale = غيّر شخص آخر هذا في هذه الأثناء. تعرض الصفحة الآن الوضع الحالي؛ تحقق وحاول مرة أخرى.
problem-not-now = لم يعد هذا ممكنًا. تعرض الصفحة الوضع الحالي.
problem-refused = لا يُسمح لك بالقيام بذلك.
problem-nothing = املأ تعديلًا واحدًا على الأقل.

staff-nav-requests = الطلبات
staff-requests-title = طلبات للمراجعة
staff-requests-kind = النوع
staff-requests-status = الحالة
staff-requests-age = في الانتظار أكثر من
staff-requests-any = الكل
staff-requests-pending = مفتوحة (أُرسلت، قيد التحقق، سؤال)
staff-requests-days = { $days } يوم
staff-requests-show = عرض
staff-requests-counts = الطلبات حسب الحالة
staff-requests-none = لا توجد طلبات مطابقة.
staff-requests-waiting = أُرسل
staff-requests-office = المكتب
staff-requests-open = مراجعة { $reference }
staff-requests-person = الشخص
staff-requests-prepared = أعدّه
staff-requests-prepared-self = الشخص نفسه
staff-requests-sort = الترتيب
staff-requests-oldest = الأقدم أولاً
staff-requests-newest = الأحدث أولاً
staff-requests-waiting-days = ينتظر منذ { $days } يوم
staff-review-title = مراجعة { $reference }
staff-review-maker = قدّمه
staff-review-maker-person = الشخص نفسه، عبر البوابة
staff-review-maker-staff = موظف تسجيل، نيابةً عن الشخص
staff-review-field = الحقل
staff-review-current = المسجَّل حاليًا
staff-review-proposed = المطلوب
staff-review-approve = موافقة
staff-review-conflict = تغيّر هذا السجل بعد تقديم الطلب. تحقق من القيم المسجَّلة حاليًا. يمكنك رفض التعديل أو أن تطلب من الشخص تأكيده.
staff-review-recommended = توصية موظف التسجيل: { $summary }
staff-review-decide = اتخاذ القرار
staff-review-decide-submit = حفظ القرار
staff-review-reason = سبب عدم الموافقة
staff-review-reason-none = (لم يُرفض شيء)
staff-review-note = ملاحظة للشخص (اختيارية؛ مطلوبة عند اختيار «سبب آخر»)
staff-review-ask = طلب معلومات إضافية
staff-review-question = سؤالك
staff-review-ask-submit = إرسال السؤال
staff-review-recommend = التوصية بقرار
staff-review-recommend-submit = حفظ توصيتي
staff-review-refused-own-request = أنت قدّمت هذا الطلب: يجب أن يتخذ زميل القرار فيه.
staff-review-refused-needs-approver = لا يمكن إلا للمشرف اتخاذ القرار في هذا التعديل. يمكنك التوصية بقرار.
staff-review-refused-own-recommendation = أنت أوصيت بهذا القرار: يجب أن يتخذه مشرف آخر.
staff-review-refused-own-record = هذه أسرتك أنت: يجب أن يتخذ زميل القرار.
staff-review-refused-not-reviewer = دورك لا يشمل مراجعة الطلبات.
staff-review-household = الأسرة حاليًا
staff-review-history = الطلبات السابقة للأسرة
staff-review-answer = إجابة الشخص
staff-review-saved = تم الحفظ: { $status }.
staff-review-not-available = هذا الطلب غير موجود أو ليس في مكتبك.
staff-case-history = سجل التغييرات
staff-case-version = النسخة { $version }، { $date }
staff-case-prepare = إعداد تصحيح لهذا الشخص

mail-request-subject = طلبك { $reference }
mail-request-decided-body =
    مرحبًا،

    ردّ المكتب على طلبك { $reference }: { $status }.

    سجّل الدخول لرؤية التفاصيل:
    { $link }

mail-request-needs-info-body =
    مرحبًا،

    لدى المكتب سؤال عن طلبك { $reference }.

    سجّل الدخول لقراءته والإجابة عنه:
    { $link }

# Appointments (issue 5)
nav-my-appointments = مواعيدي
appointments-title = مواعيدي
appointments-lead = احجز موعدًا في المكتب بدلًا من الانتظار عند المدخل.
appointments-upcoming = المواعيد القادمة
appointments-past = المواعيد السابقة
appointments-none-upcoming = ليس لديك موعد محجوز.
appointments-none-past = لا توجد مواعيد سابقة.
appointments-book = حجز موعد
appointments-choose-service = ماذا تحتاج؟
appointments-choose-location = أين؟
appointments-bring-documents = أحضِر وثائقك معك.
appointments-free-slots = الأوقات المتاحة (بالتوقيت المحلي للمكتب)
appointments-no-slots = لا توجد أوقات متاحة في الأسابيع القادمة.
appointments-book-slot = احجز { $time }
appointments-no-fit = لا يناسبك أي وقت؟ أخبرنا متى يمكنك الحضور.
appointments-preferred = الأيام والأوقات التي تناسبك
appointments-preferred-hint = مثلًا: صباح الاثنين أو الثلاثاء
appointments-ask = إرسال
appointments-asked = أُرسلت رسالتك. سيقترح عليك المكتب موعدًا.
appointments-booked = تم حجز موعدك. أُرسل إليك تأكيد بالبريد الإلكتروني.
appointments-when = متى
appointments-where = أين
appointments-what = ماذا
appointments-reference = الرقم المرجعي
appointments-status-booked = محجوز
appointments-status-attended = تم الحضور
appointments-status-no-show = لم يتم الحضور
appointments-status-cancelled = أُلغي
appointments-qr = اعرض هذا الرمز عند المدخل.
appointments-calendar = إضافة إلى التقويم
appointments-reschedule = اختيار وقت آخر
appointments-cancel = إلغاء هذا الموعد
appointments-cutoff = يمكنك التغيير حتى { $hours } ساعة قبل الموعد.
appointments-too-late = فات وقت تغيير هذا الموعد عبر الإنترنت. يُرجى الاتصال بالمكتب.
appointments-full = حُجز هذا الوقت للتو. يُرجى اختيار وقت آخر.
appointments-limit = لديك موعد لهذا من قبل. ألغِه أولًا لتحجز موعدًا آخر.
appointments-past-slot = مضى هذا الوقت. يُرجى اختيار وقت آخر.
appointments-staff-reason = رسالة من المكتب
appointments-open = فتح { $reference }

staff-nav-appointments = المواعيد
staff-appointments-title = المواعيد
staff-appointments-location = المكان
staff-appointments-date = التاريخ
staff-appointments-day = يوم
staff-appointments-week = أسبوع
staff-appointments-span = العرض
staff-appointments-show = عرض
staff-appointments-none = لا توجد مواعيد.
staff-appointments-who = من
staff-appointments-mark-attended = حضر
staff-appointments-mark-no-show = لم يحضر
staff-appointments-cancel = إلغاء
staff-appointments-move = نقل الموعد
staff-appointments-reason = السبب (يُبلَّغ به الشخص)
staff-appointments-to-slot = الوقت الجديد
staff-appointments-requests = أشخاص يطلبون موعدًا
staff-appointments-requests-none = لا أحد ينتظر موعدًا.
staff-appointments-offer = اقتراح هذا الوقت
staff-appointments-saved = تم الحفظ.
staff-appointments-find = الرقم المرجعي للموعد
staff-appointments-scan-title = من عند المكتب؟
staff-appointments-scan-lead = امسح أو اكتب الرقم المرجعي لموعده، أو رمز QR لوثيقته، أو قسيمة تسجيله، أو رقم تسجيله.
staff-appointments-scan-code = الرقم المرجعي أو رقم التسجيل أو نص رمز QR
staff-appointments-scan-submit = ابحث عن موعده
staff-appointments-scan-camera = امسح بالكاميرا
staff-appointments-scan-stop = أوقف الكاميرا
staff-appointments-scan-camera-unavailable = لا يمكن استخدام الكاميرا هنا. اكتب الرقم المرجعي بدلاً من ذلك.
staff-appointments-scanned-no-booking = ليس لهذا الشخص موعد في مواقعك.
staff-appointments-scanned-not-genuine = رمز QR هذا ليس وثيقة أصلية صادرة عن هذه البوابة. تحقّق من وثائق الشخص.
staff-appointments-scanned-unknown = لم يُعثر على شيء لهذا الرمز في مواقعك.
staff-appointments-found-none = لا يوجد موعد بهذا الرقم المرجعي في مواقعك.
staff-appointments-from-start = يمكن تسجيله عند بدء الموعد.
appointments-not-started = لم يبدأ هذا الموعد بعد. سجّله عند بدئه.
appointments-not-over = لم ينتهِ هذا الموعد بعد. سجّل الغياب بعد انتهائه.

mail-appointment-subject = موعدك { $reference }
mail-appointment-booked-body =
    مرحبًا،

    تم حجز موعدك: { $service }، { $time }، { $location }.
    الرقم المرجعي: { $reference }. دعوة التقويم مرفقة.

    لرؤية الموعد أو تغييره:
    { $link }
mail-appointment-changed-body =
    مرحبًا،

    لموعدك { $reference } وقت جديد: { $service }، { $time }، { $location }.
    دعوة التقويم المحدَّثة مرفقة.

    { $link }
mail-appointment-cancelled-body =
    مرحبًا،

    أُلغي موعدك { $reference } ({ $service }، { $time }).

    لحجز وقت آخر:
    { $link }
mail-appointment-reminder-body =
    مرحبًا،

    للتذكير: موعدك غدًا: { $service }، { $time }، { $location }.
    الرقم المرجعي: { $reference }.

    { $link }

## Credentials (issue 6)
nav-my-credentials = شهاداتي
credentials-title = شهاداتي
credentials-lead = الشهادة تُثبت تسجيلك أمام العيادة أو البنك أو المدرسة أو الشرطة. توقّعها الوكالة، ويمكن لأي شخص التحقق منها في صفحة «التحقق من إثبات».
credentials-reauth = لعرض شهاداتك، أكّد أولًا أنك أنت باستخدام مفتاح المرور.
credentials-reauth-button = التأكيد بمفتاح المرور الخاص بي
credentials-reauth-working = استخدم مفتاح المرور الآن…
credentials-reauth-cancelled = لم يُستخدم مفتاح المرور. حاول مرة أخرى.
credentials-kind-registration = إثبات التسجيل
credentials-kind-household = شهادة الأسرة
credentials-status-none = لم تُنشأ بعد
credentials-status-active = صالحة
credentials-status-suspended = موقوفة
credentials-status-revoked = لم تعد صالحة
credentials-status-expired = منتهية الصلاحية
credentials-valid-until = صالحة حتى { $date }
credentials-show = عرض رمز QR
credentials-get = الحصول على شهادتي
credentials-next-suspended = هذه الشهادة موقوفة. يُرجى التواصل مع مكتبك.
credentials-next-office = سيعطيك مكتبك شهادة جديدة. يُرجى التواصل معه.
credentials-next-inactive = تُعطى الشهادات فقط عندما يكون التسجيل فعّالًا.
credentials-qr-title = اعرض رمز QR هذا
credentials-qr-tip = ارفع إضاءة الشاشة، وأمسك الهاتف ثابتًا أمام الكاميرا.
credentials-download-title = الحفظ أو المشاركة
credentials-download-json = تنزيل الشهادة ⁦(.json)⁩
credentials-download-jwt = تنزيل الشهادة ⁦(.jwt)⁩
credentials-download-svg = تنزيل رمز QR ⁦(.svg)⁩
credentials-print = طباعة هذه الصفحة
credentials-back = كل شهاداتي
credentials-number = الرقم
credentials-name = الاسم
credentials-issued = تاريخ الإصدار
credentials-not-current = هذه الشهادة لم تعد صالحة. ارجع للحصول على شهادة جديدة.
credential-reason-record-changed = تغيّر السجل
credential-reason-lost-or-stolen = مفقودة أو مسروقة
credential-reason-record-error = خطأ في السجل
credential-reason-registration-closed = أُغلق التسجيل
credential-reason-fraud-suspected = شكّ في سوء الاستخدام
credential-reason-under-review = قيد المراجعة
credential-reason-other = سبب آخر
verify-title = التحقق من إثبات
verify-lead = امسح رمز QR الموجود على هاتف الشخص أو ورقته، أو الصق الشهادة، لتعرف هل هي صحيحة.
verify-scan = المسح بالكاميرا
verify-scan-stop = إيقاف الكاميرا
verify-photo = أو التقط صورة لرمز QR
verify-paste = أو الصق الشهادة أو نص رمز QR
verify-submit = تحقّق
verify-again = التحقق من شهادة أخرى
verify-outcome-genuine = صحيحة
verify-outcome-expired = منتهية الصلاحية
verify-outcome-not-yet-valid = غير صالحة بعد
verify-outcome-revoked = ملغاة: لم تعد صالحة
verify-outcome-suspended = موقوفة: غير صالحة الآن
verify-outcome-forged = غير صحيحة: لا تقبلها
verify-outcome-unknown-issuer = جهة إصدار غير معروفة: لا تقبلها
verify-outcome-status-unknown = تعذّر التحقق من الحالة
verify-outcome-unreadable = تعذّرت قراءة أي شهادة
verify-compare = قارن الاسم والصورة بالشخص الذي أمامك.
verify-compare-no-photo = لا تحتوي هذه الوثيقة على صورة: قارن الاسم وتاريخ الميلاد مع وثيقة هوية الشخص.
verify-status-reason = السبب: { $reason }
verify-status-since = منذ
verify-photo-alt = صورة صاحب الشهادة
verify-photo-missing = تعذّر عرض الصورة.
verify-issued-through = صدرت عبر البوابة من الشريك { $partner }: هذا الشريك هو من يضمن صحة ما تذكره.
verify-status-age = الحالة كما كانت قبل { $minutes } دقيقة
verify-born = تاريخ الميلاد
verify-office = جهة الإصدار
verify-valid-until = صالحة حتى
verify-members = أفراد الأسرة
verify-reason-no-qr-code = لم يُعثر على رمز QR في الصورة. حاول مرة أخرى من مسافة أقرب وبضوء أكثر.
verify-reason-empty = لم يُرسَل شيء. امسح شهادة أو صوّرها أو الصقها.
verify-reason-not-an-image = الملف ليس صورة (PNG أو JPEG).
verify-reason-image-too-large = الصورة كبيرة جدًا.
verify-reason-busy = أداة التحقق مشغولة بعمليات تحقق أخرى. لم يُتخذ أي قرار بشأن هذا الإثبات: حاول مجددًا بعد بضع ثوانٍ.
verify-result-gone = هذه النتيجة لم تعد متاحة. تحقّق من الشهادة مرة أخرى.
verify-camera-unavailable = لا يمكن استخدام الكاميرا هنا. التقط صورة بدلًا من ذلك.
staff-credentials-title = الشهادات
staff-credentials-none = لم تُصدَر أي شهادة بعد.
staff-credentials-suspend = إيقاف
staff-credentials-unsuspend = رفع الإيقاف
staff-credentials-revoke = إلغاء
staff-credentials-reason = السبب
staff-credentials-apply = تطبيق
staff-credentials-issue-registration = إصدار إثبات تسجيل جديد
staff-credentials-issue-household = إصدار شهادة أسرة جديدة
staff-credentials-refused = لم يكن هذا التغيير ممكنًا (غيّره شخص آخر قبلك، أو دورك لا يسمح بذلك).

# التواريخ والأوقات (التقويم الميلادي)
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
weekday-1 = الاثنين
weekday-2 = الثلاثاء
weekday-3 = الأربعاء
weekday-4 = الخميس
weekday-5 = الجمعة
weekday-6 = السبت
weekday-7 = الأحد
weekday-date-pattern = { $weekday } { $date }
# Solar Hijri months (Afghanistan's names), shown in Dari beside the Gregorian date.
solar-month-1 = حمل
solar-month-2 = ثور
solar-month-3 = جوزا
solar-month-4 = سرطان
solar-month-5 = أسد
solar-month-6 = سنبلة
solar-month-7 = ميزان
solar-month-8 = عقرب
solar-month-9 = قوس
solar-month-10 = جدي
solar-month-11 = دلو
solar-month-12 = حوت
dual-date-pattern = { $solar } ({ $gregorian })
date-pattern = { $day } { $month } { $year }
date-time-pattern = { $date }، الساعة { $time }
time-zone-utc = بالتوقيت العالمي

# أداة التحقق دون اتصال.
verify-status-as-of = آخر تحقق من الحالة: { $age }
verify-offline-ready = جاهز للتحقق من الإثباتات دون اتصال.
verify-offline-not-ready = لا يستطيع هذا الهاتف التحقق دون اتصال بعد. افتح هذه الصفحة مرة واحدة مع اتصال بالإنترنت.
verify-offline-checked = تم التحقق على هذا الهاتف، دون اتصال.
verify-offline-photo = لا يمكن عرض الصورة دون اتصال. قارن الاسم وتاريخ الميلاد.
verify-offline-needs-connection = لا يمكن التحقق من هذا الملف إلا مع اتصال. امسح رمز QR أو صوّره بدلاً من ذلك.

# رموز يتشاركها الخادم والمتصفح (server/types): كلمات للرموز التي لم تكن لها كلمات.
registration-status-active = فعّال
registration-status-inactive = غير فعّال
registration-status-closed = مغلق
# احتياجات حساسة للحماية: بصياغة الموظفين؛ لا تظهر للشخص في سجله.
need-wr = امرأة معرّضة للخطر
need-lp = احتياجات خاصة للحماية القانونية والجسدية
need-tr = ناجٍ أو ناجية من التعذيب أو العنف
credentials-kind-external = شهادة لمنظمة شريكة
nationality-stateless = عديم الجنسية
nationality-refugee = لاجئ (بموجب اتفاقية 1951)
nationality-other-refugee = لاجئ (وضع آخر)
nationality-unspecified = غير محددة
problem-unknown-code = لا نعرف هذا الرمز. تحقّق منه وحاول مرة أخرى.
field-office-code = رمز المكتب
field-office-name = اسم المكتب
field-time-zone = المنطقة الزمنية
field-share = ما يُعرض
field-date-of-birth-estimated = تاريخ الميلاد تقديري
field-specific-needs = الاحتياجات الخاصة
field-display-name = الاسم الذي يراه الزملاء
field-role = الدور
field-kind = النوع
field-status = الحالة
field-decision = القرار
field-weekday = يوم الأسبوع
field-service = الخدمة
field-duration = المدة بالدقائق
field-limit = عدد المواعيد لكل أسرة في الوقت نفسه

# Messages, the header and confirmations (issue 16)
nav-messages = الرسائل
header-messages-unread = الرسائل (جديدة: { $count })
header-account = حسابك
messages-title = رسائلي
messages-lead = ما فعله المكتب بشأن طلباتك ومواعيدك ووثائقك. في الأسفل تختار إن كانت كل رسالة تُرسل أيضًا إلى بريدك الإلكتروني أو هاتفك.
messages-none = لا توجد رسائل بعد.
messages-new = جديدة
messages-open = فتح
message-appointment-booked = الموعد { $reference }: تم الحجز.
message-appointment-changed = الموعد { $reference }: نُقل إلى وقت آخر.
message-appointment-cancelled = الموعد { $reference }: أُلغي.
message-credential-issued = { $credential }: صدرت لك وثيقة جديدة.
message-credential-suspended = { $credential }: أوقفت مؤقتًا. السبب: { $reason }.
message-credential-reinstated = { $credential }: صالحة من جديد.
message-credential-revoked = { $credential }: أُلغيت. السبب: { $reason }.
sms-news = بوابة اللاجئين: لديك رسالة جديدة. سجّل الدخول لقراءتها: { $link }
mail-credential-subject = أخبار عن { $credential }
mail-credential-body =
    مرحبًا،

    { $news }

    سجّل الدخول لرؤية وثائقك:
    { $link }
appointments-morning = الصباح
appointments-afternoon = بعد الظهر
appointments-free-count = أوقات متاحة: { $count }
confirm-cancel-appointment = هل تريد إلغاء هذا الموعد؟ سيُعطى الوقت لشخص آخر. يمكنك حجز موعد جديد بعد ذلك.
confirm-cancel-appointment-yes = نعم، ألغِ الموعد
confirm-signout-everywhere = هل تريد تسجيل الخروج من كل هاتف وحاسوب سجّلت الدخول فيه، بما فيها هذا الجهاز؟
confirm-signout-everywhere-yes = نعم، سجّل خروجي من كل مكان
staff-credentials-change = إيقاف مؤقت أو إلغاء
staff-credentials-change-lead = يمكن رفع الإيقاف المؤقت لاحقًا. أما الإلغاء فنهائي: سيرى كل من يتحقق الوثيقة على أنها ملغاة.

# Help and complaints (issue 16)
nav-help = المساعدة
help-title = المساعدة
help-lead = أين تجدنا، وكيف تتصل بنا، وكيف تخبرنا بما لم يعمل كما يجب، وماذا نفعل ببياناتك.
help-places = مكاتبنا
help-phone = الهاتف
help-hours = ساعات العمل
help-hours-line = { $weekday }: { $opens }–{ $closes }
help-hours-none = لم تُنشر ساعات العمل بعد.
help-map = عرض على الخريطة
help-feedback-title = الشكاوى والملاحظات
help-feedback-lead = أخبرنا بما لم يعمل كما يجب أو بما يمكن تحسينه. لا تحتاج إلى تسجيل الدخول ولا إلى ذكر اسمك. احتفظ بالرقم المرجعي الذي نعطيك إياه: به نستطيع أنت ونحن إيجاد ما أرسلته.
help-kind = ما نوع رسالتك؟
help-kind-complaint = شكوى
help-kind-feedback = ملاحظة أو فكرة
help-office = بأي مكتب تتعلق؟
help-office-any = لا مكتب بعينه
help-message = رسالتك
help-contact = كيف نتواصل معك؟ (اختياري)
help-contact-hint = رقم هاتف أو بريد إلكتروني، فقط إذا أردت ردًا. اتركه فارغًا لتبقى مجهول الهوية.
help-send = إرسال
help-sent = شكرًا لك، وصلتنا رسالتك. رقمك المرجعي هو { $reference }.
help-busy = لا يمكننا استقبال رسائل أخرى الآن. حاول مرة أخرى بعد ساعة أو اتصل بأحد المكاتب.
help-data-title = ماذا نفعل ببياناتك
help-data-1 = نحتفظ ببيانات تسجيلك لكي تحصل على المساعدة وتثبت هويتك. لا نستخدمها لأي غرض آخر ولا نبيعها أبدًا.
help-data-2 = لا يستطيع فتح سجلك إلا موظفو مكتبك، وكل مرة يفتحونه تُسجَّل. يمكنك رؤية ذلك في «من اطّلع على بياناتي».
help-data-3 = من يتحقق من وثيقتك يرى فقط ما هو مكتوب فيها، لا بقية سجلك.
help-data-4 = إذا كانت معلومة في سجلك خاطئة، اطلب تصحيحها من «سجلي». وإذا ظننت أن بياناتك أسيء استخدامها، أرسل شكوى من هنا.
staff-feedback-title = الشكاوى والملاحظات
staff-feedback-none = لم يصل شيء.
staff-feedback-anonymous = مجهول الهوية
staff-feedback-signed-in = أُرسلت بعد تسجيل الدخول
staff-feedback-contact = للتواصل: { $contact }
staff-feedback-any-office = أي مكتب

# My data (issue 16)
my-data-title = بياناتي
my-data-lead = كل ما تحفظه البوابة عنك، في صفحة واحدة. فتح هذه الصفحة أو تنزيل الملف يُسجَّل، مثل أي اطّلاع على بياناتك.
my-data-download = تنزيل كل شيء (ملف)
my-data-file-hint = يحتوي الملف (JSON) على الشيء نفسه، بصيغة تقرؤها برامج أخرى. احفظه في مكان آمن: فيه بياناتك الشخصية.
my-data-photo = الصورة
my-data-photo-kept = صورة محفوظة مع سجلك.
my-data-photo-none = لا توجد صورة محفوظة.
my-data-documents = الملفات المرسلة: { $count }
my-data-more = محفوظ أيضًا
my-data-lines = عدد الإدخالات: { $count }
my-data-none = لا شيء محفوظ هنا.

# How a person is told of news (My messages)
channels-title = كيف نخبرك
channels-lead = أخبرني بالمستجدات
channels-portal = هنا، في رسائلي
channels-portal-always = دائمًا
channels-mail = بالبريد الإلكتروني
channels-sms = برسالة نصية قصيرة
channels-no-email = أضف عنوان بريد إلكتروني أولًا (اطلب تعديلًا)
channels-no-phone = أضف رقم هاتف أولًا (اطلب تعديلًا)
channels-sms-not-offered = غير متاحة بعد
channels-sms-privacy = الرسالة النصية تقول فقط إن هناك مستجدات وتحيلك إلى هنا: لا تُظهر أبدًا اسمك أو قرارًا أو تاريخًا، لأن أي شخص يحمل الهاتف قد يقرؤها.
channels-save = حفظ اختياري
channels-saved = تم حفظ اختيارك.

# Trusted helpers (/me/trusted)
trusted-title = الأشخاص الموثوقون
trusted-lead = يمكن لشخص تثق به (قريب أو صديق أو أخصائي حالة لديه حساب في البوابة) أن يرى سجلك ويتصرف نيابة عنك ضمن الحدود التي تختارها، حتى اليوم الذي تختاره. يمكنك إنهاء ذلك في أي وقت، وكل ما يفعله يظهر في سجلك على أنه من فعل الشخص الموثوق.
nav-trusted = الأشخاص الموثوقون
trusted-grant-title = أريد أن يساعدني أحد
trusted-name = اسمه
trusted-name-hint = كما تعرفه، مثلًا: عمر، أخي.
trusted-limits = ما يمكنه فعله
trusted-view-always = رؤية سجلي وأسرتي وطلباتي ومواعيدي ورسائلي (دائمًا)
trusted-may-book = حجز مواعيدي وتغييرها وإلغاؤها
trusted-may-request = طلب تعديلات على سجلي والإجابة عن أسئلة المكتب
trusted-days = لكم يومًا
trusted-days-hint = من 1 إلى 365 يومًا.
trusted-grant = إنشاء رمز للشخص الموثوق
trusted-code-title = أعطِ هذا الرمز للشخص الموثوق
trusted-code-body = يسجّل الدخول بمفتاح المرور الخاص به، ويفتح صفحة الأشخاص الموثوقين ويُدخل الرمز. يصلح مرة واحدة خلال 48 ساعة. لا تعطه لأي شخص آخر.
trusted-mine-title = من يمكنه التصرف نيابة عني
trusted-mine-none = لا أحد يمكنه التصرف نيابة عنك.
trusted-helping-title = الأشخاص الذين أساعدهم
trusted-helping-none = أنت لا تساعد أحدًا.
trusted-accept-title = أُعطيت رمزًا
trusted-code = الرمز
trusted-code-hint = اثنا عشر حرفًا ورقمًا، مثلًا ⁦ABCD-EFGH-JKLM⁩.
trusted-accept = استخدام الرمز
trusted-accepted = يمكنك الآن التصرف نيابة عن هذا الشخص: اختر «التصرف نيابة عنه» أدناه.
trusted-act = التصرف نيابة عنه
trusted-end = إنهاء
trusted-end-question = هل تريد الإنهاء؟ لن يتمكن بعدها من التصرف.
trusted-end-yes = نعم، إنهاء
trusted-ended = تم الإنهاء.
trusted-until = حتى { $date }
trusted-may-view-only = يمكنه الاطلاع فقط
trusted-standing-invited = في انتظار الرمز
trusted-standing-active = ساري
trusted-standing-unclaimed = لم يُستخدم الرمز في الوقت المحدد
trusted-standing-expired = انتهت المدة
trusted-standing-ended = منتهٍ
trusted-acting = أنت تتصرف نيابة عن { $name }.
trusted-stop = التوقف عن التصرف نيابة عنه
trusted-bad-code = هذا الرمز لا يعمل: ربما كُتب خطأً، أو استُخدم من قبل، أو مضى عليه أكثر من 48 ساعة.
trusted-not-for-helpers = هذه الصفحة للشخص نفسه فقط، لا للشخص الموثوق.
trusted-too-many = لديك بالفعل 5 أشخاص موثوقين أو رموز في الانتظار: أنهِ واحدًا أولًا.
request-event-by-helper = بواسطة الشخص الموثوق لديك
access-by-helper = الشخص الموثوق لديك { $name }
access-action-helper-view = اطّلع على بياناتك
access-action-delegation = غيّر من يمكنه التصرف نيابة عنك
staff-case-helpers = الأشخاص الموثوقون
staff-case-helpers-none = لا يوجد أشخاص موثوقون.
staff-case-helper-of = يساعد هذا الشخص
staff-case-helper-for = هذا الشخص يساعد شخصًا آخر
staff-quality-title = جودة البيانات
staff-quality-lead = ما وجدته الفحوص الليلية في سجلات مكتبك. صحّح السجل عبر التعديل المعتاد الخاضع للمراجعة، ثم علّم الملاحظة محلولة. لا تعود الملاحظة المغلقة إلا إذا تغيّرت السجلات.
staff-quality-open = للمراجعة
staff-quality-escalated = مُحالة
staff-quality-resolved = محلولة
staff-quality-false-positive = إنذار خاطئ
staff-quality-none = لا توجد ملاحظات بهذه الحالة.
staff-quality-count = الملاحظات: { $count }
staff-quality-score = التشابه: { $score } من 100
staff-quality-found = وُجدت في
staff-quality-open-record = البحث عن السجل { $number }
staff-quality-mark-resolved = محلولة
staff-quality-mark-false-positive = ليست مشكلة
staff-quality-mark-escalated = إحالة
staff-quality-done = حُفظ:
staff-quality-stale = عولجت هذه الملاحظة في الأثناء، أو لم تعد موجودة. القائمة محدّثة الآن.
staff-quality-unavailable = لا يمكن عرض الملاحظات لك.
staff-nav-quality = جودة البيانات
quality-rule-missing-field = اسم فارغ، أو مقدّم الطلب الرئيسي بلا هاتف ولا بريد
quality-rule-born-in-future = تاريخ الميلاد بعد اليوم
quality-rule-too-old = العمر أكثر من 120 سنة
quality-rule-child-older-than-parent = طفل يصغر أحد الوالدين بأقل من 12 سنة
quality-rule-household-principal = ليس للأسرة مقدّم طلب رئيسي واحد بالضبط
quality-rule-shared-contact = هاتف أو بريد واحد في أسر لا صلة بينها
quality-rule-likely-duplicate = ربما الشخص نفسه مسجّل مرتين

# Reports (/staff/reports)
staff-nav-reports = التقارير
reports-title = التقارير
reports-intro = العملية بالأرقام، دون أي شخص فيها. يُحسب الأشخاص حتى الآن، وكل ما عدا ذلك يقع بين اليوم الأول واليوم الأخير.
reports-from = اليوم الأول
reports-to = اليوم الأخير
reports-office = المكتب
reports-office-all = كل المكاتب
reports-show = عرض
reports-scope = { $office }، من { $from } إلى { $to } (الأيام بتوقيت { $zone })
reports-people = الأشخاص
reports-registered = المسجلون
reports-active = النشطون
reports-enrolled = لديهم مفتاح مرور للبوابة
reports-new-per-day = المسجلون في اليوم
reports-requests = طلبات التحديث
reports-waiting = قيد الانتظار الآن
reports-waiting-median = نصفها ينتظر منذ أقل من
reports-waiting-p90 = تسعة من كل عشرة تنتظر منذ أقل من
reports-days = { $days } يوم
reports-decided-per-week = المبتّ فيها في الأسبوع
reports-week-of = أسبوع { $date }
reports-approved = مقبولة
reports-partly-approved = مقبولة جزئيًا
reports-rejected = مرفوضة
reports-appointments = المواعيد
reports-appointments-per-day = المواعيد في اليوم (غير الملغاة)
reports-attended = حضروا
reports-no-show = لم يحضروا
reports-still-booked = لم تُسجَّل بعد
reports-cancelled = ملغاة
reports-no-show-rate = لم يحضروا، من بين المسجَّلة
reports-percent = { $value }٪
reports-credentials = الوثائق
reports-issued = الصادرة
reports-revoked = الملغاة
reports-issued-per-day = الصادرة في اليوم
reports-checked = فحصها المدقق، كل المكاتب
reports-checked-note = لا تُحسب عمليات الفحص التي تتم على هاتف دون اتصال.
reports-total = المجموع: { $count }
reports-none = لا شيء في هذه الفترة.
reports-csv = تنزيل بصيغة CSV
reports-csv-note = في الملف تُكتب الأعداد من 1 إلى 4 بالشكل "<5" وتُحذف النسب المحسوبة من أقل من 5، حتى لا يمكن تمييز أي عائلة. تُسجَّل عمليات التنزيل.
reports-chart-bar = { $label }: { $count }
reports-error-office = يطّلع موظفو المكتب على أرقام مكتبهم فقط.
reports-error-period = يجب أن يكون اليوم الأخير في اليوم الأول أو بعده، وبحد أقصى سنة واحدة.
reports-numbers = الأرقام
reports-unavailable = لا يمكن عرض التقرير الآن. يُرجى المحاولة بعد قليل.
reports-revoked-per-day = الملغاة في اليوم

## Admin console (/staff/admin)
staff-nav-admin = الحسابات والمفاتيح
admin-title = الحسابات والمفاتيح
admin-lead-all = تدير جميع حسابات الموظفين، ورموز واجهة البرمجة للأنظمة الشريكة، والمفاتيح التي توقّع الوثائق. يُسجَّل كل تغيير في سجل التدقيق.
admin-lead-office = تدير حسابات الموظفين والمشرفين في مكتبك. يُسجَّل كل تغيير في سجل التدقيق.
admin-not-admin = المسؤولون وحدهم يديرون الحسابات والمفاتيح.
admin-accounts = حسابات الموظفين
admin-state-active = نشط
admin-state-suspended = موقوف
admin-state-ended = منتهٍ
admin-all-offices = جميع المكاتب
admin-created = أُنشئ:
admin-last-sign-in = آخر تسجيل دخول:
admin-never-signed-in = لم يسجّل الدخول قط
admin-passkeys = مفاتيح المرور: { $count }
admin-no-passkey = لا يوجد مفتاح مرور بعد: لم تُستخدم الدعوة.
admin-passkey-added = أُضيف
admin-passkey-used = آخر استخدام
admin-own = هذا حسابك أنت: يغيّره مسؤول آخر.
admin-suspend = إيقاف
admin-reinstate = إعادة التفعيل
admin-invite = دعوة جديدة
admin-lost-phone = فُقد هاتفه: أنهِ مفاتيح المرور الخاصة به الآن
admin-invite-send = أرسل الدعوة
admin-end = إنهاء هذا الحساب
admin-end-explain = الإنهاء يُخرجه من كل الأجهزة ويحذف مفاتيح المرور الخاصة به ولا يمكن التراجع عنه. يبقى ما فعله في سجل التدقيق.
admin-end-confirm = أنهِ الحساب
admin-new = إضافة موظف
admin-email = البريد الإلكتروني للعمل
admin-name = الاسم الظاهر للزملاء
admin-roles = الأدوار
admin-office = المكتب
admin-invite-note = تُرسل الدعوة بالبريد الإلكتروني إلى هذا العنوان وتبقى صالحة { $days } يومًا. لا ترى رابطها ولا رمزها.
admin-create = أضِف وأرسل الدعوة
admin-tokens = رموز واجهة البرمجة للأنظمة الشريكة
admin-tokens-lead = يُنشأ رمز جديد على الخادم بالأمر portal api-token create: يُعرض مرة واحدة فقط لمن أنشأه.
admin-tokens-none = لا يوجد رمز واجهة برمجة بعد.
admin-scope-issue = إصدار الوثائق
admin-scope-status = تغيير حالة الوثائق
admin-token-scopes = يسمح بـ:
admin-token-types = أنواع الوثائق:
admin-token-used = آخر استخدام
admin-token-never-used = لم يُستخدم قط
admin-token-revoked-on = مُلغى
admin-revoke = إلغاء
admin-revoke-explain = لن يتمكن النظام الشريك من استخدام هذا الرمز بعد الآن. لا يمكن التراجع عن ذلك.
admin-revoke-confirm = ألغِ الرمز
admin-keys = مفاتيح التوقيع
admin-key-signs = يوقّع الوثائق الجديدة.
admin-key-verifies = لم يعد يوقّع؛ ما وقّعه يبقى قابلًا للتحقق.
admin-key-retired = متقاعد: لم يعد ما وقّعه قابلًا للتحقق (يحصل الأشخاص على وثائقهم من جديد).
admin-key-retired-on = تقاعد
admin-rotate = مفتاح توقيع جديد
admin-rotate-explain = يوقّع مفتاح جديد الوثائق من الآن. الوثائق الموقّعة قبل ذلك تبقى قابلة للتحقق.
admin-rotate-confirm = أنشئ المفتاح الجديد
admin-done-created = أُنشئ الحساب وأُرسلت دعوته.
admin-done-invited = أُرسلت دعوة جديدة؛ الدعوات السابقة لم تعد تعمل.
admin-done-suspended = أُوقف الحساب وأُخرج من كل الأجهزة.
admin-done-active = الحساب نشط من جديد.
admin-done-ended = انتهى الحساب.
admin-done-token-revoked = أُلغي رمز واجهة البرمجة.
admin-done-key-rotated = يوقّع مفتاح جديد الوثائق من الآن.
admin-done-sent-back = أُعيد: ستُعاد المحاولة بعد لحظات.
admin-failed = أعمال في الخلفية تعذّر إنجازها
admin-failed-lead = توقّفت هذه الأعمال بعد آخر محاولة لها. عالِج السبب أولًا (إعدادات البريد، أو بوابة الرسائل القصيرة، أو قاعدة البيانات)، ثم أعِد المحاولة.
admin-failed-none = لم يتعذّر شيء: البريد والرسائل القصيرة والفحوص الليلية تعمل.
admin-failed-mail = بريد إلكتروني إلى شخص
admin-failed-sms = رسالة قصيرة إلى شخص
admin-failed-quality = فحوص جودة البيانات الليلية
admin-failed-run = عمل مجدول
admin-failed-attempts = المحاولات: { $count }
admin-failed-since = مستحق منذ
admin-failed-refused = رفضه الخادم نهائيًا (الرد { $code }).
admin-failed-deferred = طلب الخادم المحاولة لاحقًا (الرد { $code }).
admin-failed-timeout = لم يرد الخادم في الوقت المحدد.
admin-failed-tls = فشل الاتصال الآمن بالخادم.
admin-failed-unreachable = تعذر الوصول إلى الخادم.
admin-failed-number = رقم الهاتف ليس بالصيغة الدولية.
admin-failed-setup = البريد أو الرسائل القصيرة غير مضبوطة بشكل صحيح.
admin-failed-unknown = فشل الإرسال لسبب لم تتمكن البوابة من تحديده.
admin-send-back = أعِد المحاولة
admin-mail-failed = الدعوة صالحة، لكن تعذّر إرسال البريد الإلكتروني. تحقّق من إعدادات البريد ثم أرسل دعوة جديدة.
admin-problem-form = تحقّق من البريد الإلكتروني والاسم، واختر دورًا واحدًا على الأقل.
admin-problem-own = لا يمكنك تغيير حسابك أنت. يستطيع ذلك مسؤول آخر.
admin-problem-ended = انتهى هذا الحساب. أنشئ حسابًا جديدًا إذا عاد الشخص.
admin-problem-suspended = أعِد تفعيل الحساب قبل أن ترسل له دعوة.
admin-problem-stale = غيّر شخص آخر هذا في الأثناء. تعرضه الصفحة الآن كما هو.
admin-problem-exists = يوجد حساب موظف بهذا البريد الإلكتروني مسبقًا.
admin-problem-not-found = هذا الحساب أو الرمز ليس مما تديره.
admin-problem-refused = دورك لا يسمح بذلك.
admin-problem-unavailable = لا يمكن فعل ذلك الآن. يُرجى المحاولة بعد قليل.

## Sharing only some details of a credential (SD-JWT VC)
credentials-share-title = إظهار بعض التفاصيل فقط
credentials-share-intro = يحتاج المصرف أن يعرف أنك مسجَّل وبالغ، لا تاريخ ميلادك. اختر ما يُظهره رمز QR هذا؛ ولا يمكن قراءة أي شيء آخر منه.
credentials-share-preset-clinic = لعيادة: الاسم، تاريخ الميلاد، الرقم، التحقق من الصورة
credentials-share-preset-bank = لمصرف: الاسم، ١٨ سنة أو أكثر، الرقم، الحالة، التحقق من الصورة
credentials-share-preset-school = لمدرسة: الاسم، تاريخ الميلاد، الحالة
credentials-share-preset-custom = أختار بنفسي:
credentials-share-make = إنشاء رمز QR
credentials-share-shows = لا يُظهر رمز QR هذا إلا:
credentials-share-text = الشيء نفسه كنص (لتطبيق محفظة أو لرسالة)
credentials-share-failed = تعذّر إنشاء رمز QR هذا. اختر تفصيلاً واحداً على الأقل وحاول مرة أخرى.
claim-name = الاسم
claim-name-original-script = الاسم بخطّه الأصلي
claim-birthdate = تاريخ الميلاد
claim-age-over-18 = ١٨ سنة أو أكثر
claim-age-over-65 = ٦٥ سنة أو أكثر
claim-registration-number = رقم التسجيل
claim-registration-status = حالة التسجيل
claim-issuing-office = المكتب
claim-photo-digest = التحقق من الصورة (الصورة نفسها ليست في الرمز)
claim-household-id = رقم الأسرة
claim-members = أفراد الأسرة
verify-yes = نعم
verify-no = لا
verify-selective = اختار حامل الوثيقة أن يُظهر هذه التفاصيل فقط.
verify-compare-name-only = لا يُظهر هذا الإثبات صورة ولا تاريخ ميلاد: قارن الاسم بوثيقة هوية الشخص.

# تطبيقات المحفظة (OpenID4VCI)
wallet-tx-code-hint = الرمز الظاهر في صفحة البوابة
wallet-title = الإضافة إلى تطبيق محفظة
wallet-intro = احتفظ بهذه الشهادة أيضًا في تطبيق محفظة على هاتفك. تعرض البوابة رمز QR لتطبيق المحفظة ورمزًا تكتبه فيه.
wallet-make = أنشئ رمز QR لتطبيق محفظتي
wallet-made-title = امسح هذا بتطبيق محفظتك
wallet-open = افتح في تطبيق المحفظة على هذا الهاتف
wallet-code-label = ثم اكتب هذا الرمز في تطبيق المحفظة
wallet-code-tip = اكتب هذا الرمز في تطبيق محفظتك أنت فقط. لن يطلبه منك الموظفون أبدًا.
wallet-expires = يمكن استخدام هذا العرض مرة واحدة، حتى { $time }.
wallet-redeemed = استلم تطبيق محفظتك هذه الشهادة.
wallet-ended = انتهى هذا العرض. أنشئ رمز QR جديدًا إن كنت لا تزال تحتاجه.
wallet-locked = كُتب الرمز خطأً مرات كثيرة، لذلك انتهى هذا العرض. أنشئ رمز QR جديدًا.
access-by-you = أنت
access-action-credential-present = أظهرتَ بعض تفاصيل شهادة
access-action-credential-offer = أنشأتَ رمز QR لتطبيق محفظة
access-action-credential-wallet-issue = استلم تطبيق محفظة شهادة
case-action-credential-present = أظهر الشخص بعض تفاصيل شهادة
case-action-credential-offer = أنشأ الشخص عرضًا لتطبيق محفظة
case-action-credential-wallet-issue = استلم تطبيق محفظة شهادة

# طلب إثبات من تطبيق محفظة (OpenID4VP)، في /verify
verify-ask-title = اطلب إثباتًا من تطبيق محفظة
verify-ask-intro = إذا كان الشخص يحفظ إثباته في تطبيق محفظة، فاطلب فقط ما تحتاج إليه. يعرض عليه تطبيقه ما تطلبه، وهو يختار أن يشاركه أو لا.
verify-ask-need = ما الذي تحتاج إلى معرفته؟
verify-ask-make = اعرض الطلب كرمز QR
verify-ask-problem = اختر تفصيلًا واحدًا على الأقل.
verify-ask-wait-title = دع الشخص يمسح هذا الرمز بتطبيق المحفظة لديه
verify-ask-asked = طلبت:
verify-ask-open = افتح في تطبيق محفظة على هذا الهاتف
verify-ask-waiting = في انتظار تطبيق المحفظة. سيظهر الجواب هنا تلقائيًا.
verify-ask-expires = يمكن الإجابة عن الطلب خلال { $minutes } دقيقة أخرى.
verify-ask-check = اعرض الجواب
verify-ask-expired = لم يُجب أحد على هذا الطلب في الوقت المحدد.
verify-ask-again = اطلب من جديد
verify-ask-not-shown = لم يُظهر تطبيق المحفظة كل ما طلبته. الناقص: { $claims }.
verify-ask-unknown = هذا الطلب غير معروف هنا. اطلب من جديد.
verify-reason-declined = رفض الشخص في تطبيق المحفظة. لم يُعرض أي شيء.
