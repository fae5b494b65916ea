# دری (از راست به چپ)

app-name = پورتال پناهندگان
skip-to-content = رفتن به محتوای اصلی
nav-home = آغاز
nav-sign-in = ورود
nav-verify = بررسی یک سند
language-switch-label = زبان
language-switch-submit = تغییر زبان

home-title = ثبت نام شما، در دست شما
home-lead = سوابق ثبت نام خود را ببینید، درخواست اصلاح بدهید، وقت ملاقات بگیرید و سند دیجیتالی ثبت نام خود را نشان دهید. همه از طریق تلفن تان.
home-person-title = شما نزد ما ثبت نام شده اید
home-person-body = با کلید عبور وارد شوید: اثر انگشت، چهره یا قفل صفحهٔ تلفن تان. رمزی برای به خاطر سپردن وجود ندارد.
home-person-action = ورود
home-person-first-time = بار اول است؟ لینک را باز کنید یا کدی را که روی برگهٔ دفتر ثبت نام نوشته شده، وارد کنید.
home-provider-title = شما اسناد را بررسی می کنید
home-provider-body = کلینیک ها، بانک ها، مکتب ها و پولیس: سند دیجیتالی ثبت نام را اسکن کنید تا ببینید اصلی، تاریخ گذشته یا لغو شده است. به حساب نیاز نیست. پس از یک بار بازدید، بدون انترنت هم کار می کند.
home-provider-action = بررسی سند ثبت نام
home-staff-title = شما برای اداره کار می کنید
home-staff-body = افراد را ثبت نام کنید، درخواست ها را بررسی کنید، وقت های ملاقات و اسناد ثبت نام را مدیریت کنید.
home-staff-action = ورود کارمندان
home-privacy-title = معلومات شما محفوظ است
home-privacy-body = تنها شما و کارمندانی که به آن نیاز دارند معلومات شما را می بینند. هر بار که کارمندی سوابق شما را باز کند، ثبت می شود و شما می توانید ببینید چه کسی بوده است.

not-found-title = صفحه پیدا نشد
not-found-body = این صفحه وجود ندارد یا جابجا شده است.
error-title = مشکلی پیش آمد
error-body = لطفاً چند لحظه بعد دوباره کوشش کنید. اگر باز هم تکرار شد، از دفتر ثبت نام بپرسید.
error-reference = شمارهٔ مرجع برای دفتر: { $reference }
busy-title = یک لحظه
busy-body = صفحه در حال آماده شدن است. چند ثانیه بعد خودش باز می‌شود.
back-to-start = رفتن به صفحهٔ آغاز
footer-text = این پورتال توسط دفتر ثبت نام ادارهٔ بشردوستانه اداره می شود.

working = یک لحظه…
passkey-cancelled = مرحلهٔ کلید عبور لغو شد یا وقت آن تمام شد. هر وقت آماده بودید دوباره کوشش کنید.
passkey-unsupported = این مرورگر نمی تواند از کلید عبور استفاده کند. لطفاً از یک مرورگر به روز در تلفن تان استفاده کنید.
passkey-needs-javascript = کلید عبور به جاوااسکریپت نیاز دارد. لطفاً آن را برای این سایت فعال کنید.

enroll-title = کلید عبور خود را بسازید
enroll-lead = اول هویت خود را تأیید کنید. بعد تلفن تان اثر انگشت، چهره یا قفل صفحه را می خواهد.
enroll-code = کد روی برگهٔ شما
enroll-code-hint = ده حرف و عدد، مثلاً ABCDE-12345
enroll-registration-number = شمارهٔ ثبت نام
enroll-registration-number-hint = مانند سند شما، مثلاً ABC-26-000123
enroll-date-of-birth = تاریخ تولد
enroll-staff-summary = من برای اداره کار می کنم
enroll-staff-email = ایمیل کاری
enroll-submit = تأیید و ساختن کلید عبور
enroll-refused = نتوانستیم این معلومات را تأیید کنیم. آن ها را بررسی کنید و دوباره کوشش کنید. اگر باز هم کار نکرد، از دفتر ثبت نام یک برگهٔ نو بخواهید.

signin-title = ورود
signin-lead = از کلید عبور همین تلفن استفاده کنید: اثر انگشت، چهره یا قفل صفحه.
signin-button = ورود با کلید عبور
signin-autofill-label = کلید عبور شما
signin-refused = ورود انجام نشد. دوباره کوشش کنید. اگر تلفن تان را گم کرده اید، از دفتر ثبت نام یک برگهٔ نو بخواهید.
signin-first-time = هنوز کلید عبور ندارید؟ لینک روی برگهٔ دفتر ثبت نام را باز کنید.

me-title = سوابق من
me-greeting = سلام، { $name }
me-registration-number = شمارهٔ ثبت نام
me-signed-out = شما وارد نشده اید.
signout = خروج
signout-everywhere = خروج از همهٔ دستگاه ها
staff-title = کارمندان
staff-greeting = وارد شده به نام { $name }

mail-invite-subject = کلید عبور خود را برای پورتال پناهندگان بسازید
mail-invite-body =
    سلام،

    اکنون می توانید سوابق ثبت نام خود را در تلفن تان ببینید. این لینک را باز کنید و مراحل را دنبال کنید:
    { $link }

    اگر لینک باز نشد، به پورتال بروید، «ورود» و بعد «بار اول است؟» را انتخاب کنید و این کد را وارد کنید: { $code }

    این لینک یک بار و تا { $expires } کار می کند. اگر منتظر این ایمیل نبودید، می توانید آن را نادیده بگیرید.

staff-people-title = افراد
staff-people-search-label = نام، شمارهٔ ثبت یا پرونده، یا تیلفون
staff-people-search-hint = نام‌ها به هر املایی که نوشته شده باشند، به حروف لاتین یا عربی، پیدا می‌شوند. شماره‌ها از آغاز یا پایان‌شان، و تیلفون از رقم‌های آخرش.
staff-people-born-from = تولد در یا پس از
staff-people-born-to = تولد در یا پیش از
staff-people-born = تولد
staff-people-case = پرونده
staff-people-bad-date = تاریخ تولد خوانده نشد. آن را از تقویم انتخاب کنید (روز، ماه، سال).
staff-people-dates = تاریخ تولد (اختیاری)
staff-people-search-submit = جستجو
staff-people-results = تعداد افراد: { $count }
staff-people-none = هیچ کس با این جستجو مطابقت ندارد.
staff-people-previous = صفحهٔ قبلی
staff-people-next = صفحهٔ بعدی
staff-people-open = باز کردن پروندهٔ { $name }
staff-case-title = پرونده
staff-case-household = خانواده
staff-case-born = تاریخ تولد
staff-case-appointments = وقت های ملاقات
staff-case-appointments-none = این خانواده در مکان های شما وقت ملاقاتی ندارد.
staff-case-requests = درخواست‌ها
staff-case-requests-none = هیچ درخواستی برای این خانواده نیست.
staff-case-audit = چه کسی این سابقه را دیده یا تغییر داده است
staff-case-audit-lead = تازه‌ترین ثبت‌های دفتر بررسی. باز کردن این پرونده هم یکی از آن‌هاست.
staff-case-audit-person = خود شخص
staff-case-audit-relative = یکی از اعضای خانواده یا کمک‌کنندهٔ مورد اعتماد
staff-case-audit-partner = یک سیستم همکار
staff-case-audit-system = پورتال (وارد کردن یا کار زمان‌بندی‌شده)
case-action-person-view = سابقه را باز کرد
case-action-person-update = سابقه را تغییر داد
case-action-person-create = به خانواده افزود
case-action-person-history = تاریخچهٔ سابقه را دید
case-action-person-contact-view = تیلفون، ایمیل و آدرس را دید
case-action-request-view = یک درخواست را باز کرد
case-action-request-decide = دربارهٔ یک درخواست تصمیم گرفت
case-action-request-ask-info = از شخص سؤال کرد
case-action-request-recommend = تصمیمی را پیشنهاد کرد
case-action-request-submit = یک درخواست آماده کرد
case-action-document-view = یک سند را باز کرد
case-action-helper-view = یک کمک‌کنندهٔ مورد اعتماد داده‌ها را دید
case-action-delegation = تغییر داد چه کسی می‌تواند از طرف شخص عمل کند
case-action-other = کار دیگر روی سابقه
staff-case-contact = معلومات تماس
staff-case-contact-lead = شماره تیلفون، ایمیل و آدرس فقط در صورت نیاز نشان داده می شوند. هر بار نشان دادن ثبت می شود و شخص می تواند آن را ببیند.
staff-case-contact-show = نشان دادن شماره تیلفون، ایمیل و آدرس
staff-case-contact-phone = تیلفون
staff-case-contact-email = ایمیل
staff-case-contact-address = آدرس
staff-case-contact-none = در سوابق نیست
staff-case-relationship = نسبت
staff-case-not-available = این سوابق وجود ندارد یا در دفتر شما نیست.
staff-invite-title = برگهٔ ثبت نام
staff-invite-revoke = تلفن گم شده: همین حالا همهٔ کلیدهای عبور و ورودهای این شخص را حذف کن
staff-invite-submit = ساختن برگهٔ ثبت نام
staff-invite-code = کد
staff-invite-expires = معتبر تا { $expires }
staff-invite-print = چاپ برگه
staff-invite-instructions = کد را با کمرهٔ تلفن اسکن کنید، یا پورتال را باز کنید و کد را وارد کنید. بعد شمارهٔ ثبت نام و تاریخ تولد را تأیید کنید و یک کلید عبور بسازید.
staff-invite-not-allowed = تنها کارمندان ثبت نام این دفتر می توانند برگهٔ ثبت نام بسازند.

passkeys-title = کلیدهای عبور من
passkeys-lead = کلید عبور به شما اجازه می دهد در یک دستگاه وارد شوید. می توانید چند کلید داشته باشید، مثلاً در تلفن خود و تلفن یک خویشاوند مورد اعتماد.
passkeys-created = افزوده شده در { $date }
passkeys-last-used = آخرین استفاده در { $date }
passkeys-never-used = هنوز استفاده نشده
passkeys-add = افزودن کلید عبور در این دستگاه
passkeys-remove = حذف { $name }
passkeys-confirm-remove = این کلید عبور حذف شود؟ دیگر نمی‌توانید با آن وارد شوید.
passkeys-device-android = تلفون اندروید
passkeys-device-iphone = آیفون
passkeys-device-windows = کمپیوتر ویندوز
passkeys-device-mac = مک
passkeys-device-other = این دستگاه
passkeys-last-one = این تنها کلید عبور شماست. اول یک کلید دیگر اضافه کنید، یا از دفتر ثبت نام یک برگهٔ نو بخواهید.
passkeys-confirm = با کلید عبور خود تأیید کنید…
me-passkeys-link = کلیدهای عبور من

# My record (issue 4)
nav-my-record = سوابق من
nav-my-requests = درخواست های من
me-personal = دربارهٔ من
me-name = نام
me-name-original = نام به خط شما
me-date-of-birth = تاریخ تولد
me-date-estimated = (تخمینی)
me-sex = جنسیت
me-nationality = تابعیت
me-country-of-origin = کشور اصلی
me-languages = زبان ها
me-contact = معلومات تماس
me-phone = تلفن
me-email = ایمیل
me-address = آدرس
me-not-given = داده نشده
me-status = ثبت نام
me-status-active = ثبت نام شما فعال است.
me-status-inactive = ثبت نام شما فعلاً فعال نیست. لطفاً با دفتر تماس بگیرید.
me-status-closed = این ثبت نام بسته شده است.
me-registered-since = ثبت نام شده از { $date }
me-needs = کمک هایی که می دانیم به آن ها نیاز دارید
me-household = خانوادهٔ من
me-household-case = شمارهٔ پرونده
me-relationship = نسبت
me-requests-open = درخواست های در جریان
me-requests-none = شما هیچ درخواست بازی ندارید.
me-request-change = درخواست تغییر
me-access-log-link = چه کسی معلومات مرا دیده است
me-news = خبرهای تازه
me-news-decided = به درخواست { $reference } شما جواب داده شد: { $status }.
me-news-needs-info = دفتر دربارهٔ درخواست { $reference } شما یک سوال دارد.
me-wrong = چیزی نادرست است یا کهنه شده؟ درخواست تغییر بدهید.

relationship-principal = درخواست کنندهٔ اصلی
relationship-spouse = همسر
relationship-child = فرزند
relationship-parent = پدر یا مادر
relationship-sibling = برادر یا خواهر
relationship-grandchild = نواسه
relationship-grandparent = پدرکلان یا مادرکلان
relationship-other-relative = خویشاوند دیگر
relationship-non-relative = خویشاوند نیست

sex-female = زن
sex-male = مرد
sex-other = دیگر
sex-unknown = ثبت نشده

need-sm = مشکل جدی صحی
need-ds = معلولیت
need-op = شخص کهن سال که به کمک نیاز دارد
need-um = طفل بدون والدین یا سرپرست
need-sc = طفلی که از والدین خود جدا شده است
need-sp = پدر، مادر یا سرپرست تنها
need-pg = زن حامله یا شیرده

request-kind-contact = تلفن، ایمیل، آدرس یا زبان های نو
request-kind-correction = اصلاح نام، تاریخ تولد، جنسیت یا تابعیت
request-kind-birth = یک طفل به دنیا آمد
request-kind-marriage = ازدواج کردم: شوهر یا خانمم را اضافه کنید
request-kind-death = یکی از اعضای خانواده فوت کرد
request-kind-departure = یکی از اعضای خانواده از خانواده جدا شد

request-status-submitted = فرستاده شد
request-status-under-review = در حال بررسی
request-status-needs-info = سوال برای شما
request-status-approved = منظور شد
request-status-partly-approved = قسماً منظور شد
request-status-rejected = منظور نشد
request-status-cancelled = لغو شد
request-status-submitted-next = درخواست شما نزد دفتر است. معمولاً در ظرف ۵ روز جواب داده می شود.
request-status-needs-info-next = دفتر به معلومات بیشتر نیاز دارد. لطفاً در پایین جواب بدهید.

requests-title = درخواست های من
requests-none = شما هنوز هیچ تغییری درخواست نکرده اید.
requests-sent-on = فرستاده شده در { $date }
request-new-title = درخواست تغییر
request-new-lead = چه چیزی تغییر کرده است؟
request-form-only-changes = تنها چیزی را که تغییر کرده پر کنید.
request-form-reason = چرا معلومات ثبت شده نادرست است؟
request-form-documents = اسناد ثبوتی
request-form-documents-hint = یک عکس (JPEG، PNG یا WebP) یا یک PDF، هر کدام تا { $size }، حداکثر ۵ فایل.
request-form-documents-needed = برای این تغییر یک سند لازم است، مثلاً سند تولد، نکاح خط یا پاسپورت.
request-form-member = دربارهٔ چه کسی است؟
request-form-event-date = تاریخ واقعه
request-form-given-name = نام (با حروف لاتین)
request-form-family-name = تخلص (با حروف لاتین)
request-form-given-name-original = نام به خط شما (اختیاری)
request-form-family-name-original = تخلص به خط شما (اختیاری)
request-form-sex = جنسیت
request-form-date-of-birth = تاریخ تولد
request-form-nationality = تابعیت: کد ۳ حرفی، مثلاً SYR، AFG یا XXA (بدون تابعیت)
request-form-phone = شمارهٔ تلفن نو
request-form-phone-hint = با کد کشور، مثلاً +962 79 123 4567
request-form-email = آدرس ایمیل نو
request-form-address = آدرس نو
request-form-languages = زبان ها: کدهای ۳ حرفی، مثلاً ara;eng
request-form-choose = انتخاب کنید…
request-form-submit = فرستادن درخواست من
request-form-kept-title = قبلاً ضمیمه شده
request-form-kept-hint = از تلاش قبلی شما نگه داشته شد، لازم نیست دوباره انتخاب کنید. برای کنار گذاشتن یک فایل، علامت آن را بردارید.
request-form-kept-size = { $size } کیلوبایت
request-form-errors = لطفاً مشکلات زیر را اصلاح کنید.
request-form-change-kind = نوع دیگری از تغییر را انتخاب کنید

request-title = درخواست { $reference }
request-about = دربارهٔ
request-changes = چه چیزی درخواست شد
request-change-now = در سوابق
request-change-asked = درخواست شده
request-change-add = افزودن به خانواده: { $name }
request-change-end-death = { $name } در { $date } فوت کرد
request-change-end-departure = { $name } در { $date } از خانواده جدا شد
request-change-approved = منظور شد
request-change-rejected = منظور نشد
request-decision-reason = دلیل
request-decision-note = یادداشت دفتر
request-history = تاریخچه
request-event-submit = فرستاده شد
request-event-open = دفتر بررسی را شروع کرد
request-event-ask-info = دفتر یک سوال پرسید
request-event-answer = جواب داده شد
request-event-recommend = یک کارمند تصمیمی را پیشنهاد کرد
request-event-decide = تصمیم گرفته شد
request-event-cancel = لغو شد
request-by-person = توسط خود شخص
request-by-role = توسط یک { $role }
request-question = سوال دفتر
request-answer = جواب شما
request-answer-submit = فرستادن جواب من
request-cancel = لغو این درخواست
request-documents = اسناد
request-document = سند { $number } ({ $type })
document-type-pdf = فایل PDF
document-type-photo = عکس
request-reason = دلیل ذکر شده

role-clerk = کارمند ثبت نام
role-approver = ناظر
role-admin = مدیر سیستم

rejection-insufficient-evidence = اسناد این تغییر را ثابت نمی کنند.
rejection-document-unreadable = یک سند خوانده نشد.
rejection-information-mismatch = معلومات با سوابق ما مطابقت ندارد.
rejection-duplicate = همین تغییر قبلاً درخواست شده بود.
rejection-record-changed = سوابق در این میان تغییر کرده است. لطفاً آن را بررسی کنید و دوباره درخواست بدهید.
rejection-not-eligible = این تغییر طبق مقررات ممکن نیست.
rejection-other = دلیل دیگر (یادداشت را ببینید).

access-log-title = چه کسی معلومات مرا دیده است
access-log-lead = هر بار که کارمندان سوابق شما را باز یا تغییر بدهند، ثبت می شود. شما وظیفه و دفتر آن ها را می بینید، نه نام شان را. این فهرست همچنان نشان می‌دهد که چه وقت سندی را شریک ساختید یا یک اپلیکیشن کیف پول سندی را دریافت کرد.
access-log-none = هنوز هیچ کارمندی سوابق شما را باز نکرده است.
access-log-when = چه وقت
access-log-what = چه کاری
access-log-who = چه کسی
access-log-who-value = { $role }، دفتر { $office }
access-log-all-offices = همهٔ دفترها
access-action-person-view = سوابق شما را باز کرد
access-action-person-update = سوابق شما را تغییر داد
access-action-person-create = شما را به خانواده اضافه کرد
access-action-person-history = تاریخچهٔ سوابق شما را دید
access-action-person-contact-view = شماره تیلفون، ایمیل و آدرس شما را دید
access-action-request-view = درخواست شما را باز کرد
access-action-request-decide = دربارهٔ درخواست شما تصمیم گرفت
access-action-request-ask-info = از شما یک سوال پرسید
access-action-request-recommend = دربارهٔ درخواست شما تصمیمی را پیشنهاد کرد
access-action-request-submit = برای شما یک درخواست آماده کرد
access-action-document-view = سندی را که فرستاده بودید باز کرد
access-action-other = کار دیگر روی سوابق شما

problem-required = این لازمی است.
problem-too-long = این بسیار طولانی است.
problem-format = این به شکل درست نیست.
problem-not-one-of = یکی از گزینه ها را انتخاب کنید.
problem-in-future = این تاریخ در آینده است.
problem-too-old = این تاریخ بسیار قدیمی است.
problem-control-characters = این شامل حروفی است که مجاز نیستند.
problem-hidden-characters = این شامل حروف نامرئی است که جهت متن را تغییر می‌دهد یا حروف را پنهان می‌کند. آن را بدون کاپی کردن از جای دیگر دوباره بنویسید.
problem-duplicate = یک مقدار دو بار آمده است.
problem-unchanged = این همان چیزی است که ما داریم. تنها چیزی را که تغییر کرده پر کنید.
problem-not-recent = این بسیار قدیمی است و اینجا گزارش داده نمی شود. لطفاً به دفتر بروید.
problem-unknown-member = یکی از اعضای فعلی خانوادهٔ خود را انتخاب کنید.
problem-too-many = فایل ها بسیار زیاد است. حداکثر ۵ فایل بفرستید.
problem-daily-limit = شما به اندازه‌ای که یک روز اجازه می‌دهد اسناد فرستاده‌اید. بقیه را فردا بفرستید یا به دفتر بیاورید.
problem-too-large = یک فایل بسیار بزرگ است. یک عکس یا PDF کوچک تر بفرستید.
problem-unsupported-type = یک فایل عکس یا PDF نیست. یک عکس JPEG، PNG یا WebP، یا یک PDF بفرستید.
problem-stale = کسی در این میان این را تغییر داده است. صفحه اکنون حالت فعلی را نشان می دهد؛ بررسی کنید و دوباره کوشش کنید.
problem-not-now = این دیگر ممکن نیست. صفحه حالت فعلی را نشان می دهد.
problem-refused = شما اجازهٔ این کار را ندارید.
problem-nothing = دست کم یک تغییر را پر کنید.

staff-nav-requests = درخواست ها
staff-requests-title = درخواست ها برای بررسی
staff-requests-kind = نوع
staff-requests-status = وضعیت
staff-requests-age = منتظر بیشتر از
staff-requests-any = همه
staff-requests-pending = باز (فرستاده شده، در حال بررسی، سوال)
staff-requests-days = { $days } روز
staff-requests-show = نشان دادن
staff-requests-counts = درخواست ها بر اساس وضعیت
staff-requests-none = هیچ درخواستی مطابقت ندارد.
staff-requests-waiting = فرستاده شده
staff-requests-office = دفتر
staff-requests-open = بررسی { $reference }
staff-requests-person = شخص
staff-requests-prepared = آماده شده توسط
staff-requests-prepared-self = خود شخص
staff-requests-sort = ترتیب
staff-requests-oldest = قدیمی ترین اول
staff-requests-newest = تازه ترین اول
staff-requests-waiting-days = { $days } روز در انتظار
staff-review-title = بررسی { $reference }
staff-review-maker = درخواست کننده
staff-review-maker-person = خود شخص، در پورتال
staff-review-maker-staff = یک کارمند ثبت نام، به نمایندگی از شخص
staff-review-field = بخش
staff-review-current = فعلاً در سوابق
staff-review-proposed = درخواست شده
staff-review-approve = منظور کردن
staff-review-conflict = این سوابق بعد از ثبت درخواست تغییر کرده است. مقدارهای فعلی سوابق را بررسی کنید. می توانید تغییر را رد کنید یا از شخص بخواهید آن را تأیید کند.
staff-review-recommended = پیشنهاد کارمند ثبت نام: { $summary }
staff-review-decide = تصمیم گرفتن
staff-review-decide-submit = ذخیرهٔ تصمیم
staff-review-reason = دلیل آنچه منظور نشده
staff-review-reason-none = (هیچ چیز رد نشده)
staff-review-note = یادداشت برای شخص (اختیاری؛ برای «دلیل دیگر» لازمی است)
staff-review-ask = درخواست معلومات بیشتر
staff-review-question = سوال شما
staff-review-ask-submit = فرستادن سوال
staff-review-recommend = پیشنهاد یک تصمیم
staff-review-recommend-submit = ذخیرهٔ پیشنهاد من
staff-review-refused-own-request = این درخواست را شما ساخته اید: یک همکار باید دربارهٔ آن تصمیم بگیرد.
staff-review-refused-needs-approver = تنها یک ناظر می تواند دربارهٔ این تغییر تصمیم بگیرد. شما می توانید تصمیمی را پیشنهاد کنید.
staff-review-refused-own-recommendation = این تصمیم را شما پیشنهاد کرده اید: ناظر دیگری باید آن را بگیرد.
staff-review-refused-own-record = این خانوادهٔ خود شماست: یک همکار باید تصمیم بگیرد.
staff-review-refused-not-reviewer = بررسی درخواست ها جزء وظیفهٔ شما نیست.
staff-review-household = خانواده در حال حاضر
staff-review-history = درخواست های قبلی خانواده
staff-review-answer = جواب شخص
staff-review-saved = ذخیره شد: { $status }.
staff-review-not-available = این درخواست وجود ندارد یا در دفتر شما نیست.
staff-case-history = تاریخچهٔ سوابق
staff-case-version = نسخهٔ { $version }، { $date }
staff-case-prepare = آماده کردن یک اصلاح برای این شخص

mail-request-subject = درخواست { $reference } شما
mail-request-decided-body =
    سلام،

    دفتر به درخواست { $reference } شما جواب داد: { $status }.

    برای دیدن جزئیات وارد شوید:
    { $link }

mail-request-needs-info-body =
    سلام،

    دفتر دربارهٔ درخواست { $reference } شما یک سوال دارد.

    برای خواندن و جواب دادن به آن وارد شوید:
    { $link }

# Appointments (issue 5)
nav-my-appointments = وقت های ملاقات من
appointments-title = وقت های ملاقات من
appointments-lead = به جای انتظار پیش دروازه، در دفتر وقت ملاقات بگیرید.
appointments-upcoming = وقت های آینده
appointments-past = وقت های گذشته
appointments-none-upcoming = شما هیچ وقت ملاقاتی نگرفته اید.
appointments-none-past = هیچ وقت ملاقات قبلی وجود ندارد.
appointments-book = گرفتن وقت ملاقات
appointments-choose-service = به چه چیزی نیاز دارید؟
appointments-choose-location = کجا؟
appointments-bring-documents = اسناد خود را با خود بیاورید.
appointments-free-slots = وقت های خالی (به وقت محلی دفتر)
appointments-no-slots = در چند هفتهٔ آینده هیچ وقت خالی نیست.
appointments-book-slot = گرفتن وقت { $time }
appointments-no-fit = هیچ وقتی برای تان مناسب نیست؟ به ما بگویید چه وقت می توانید بیایید.
appointments-preferred = روزها و ساعت هایی که برای تان مناسب است
appointments-preferred-hint = مثلاً: صبح دوشنبه یا سه شنبه
appointments-ask = فرستادن
appointments-asked = پیام شما فرستاده شد. دفتر برای تان یک وقت پیشنهاد می کند.
appointments-booked = وقت ملاقات شما گرفته شد. تأییدیه به ایمیل شما فرستاده شد.
appointments-when = چه وقت
appointments-where = کجا
appointments-what = برای چه
appointments-reference = شمارهٔ مرجع
appointments-status-booked = گرفته شده
appointments-status-attended = حاضر شدید
appointments-status-no-show = حاضر نشدید
appointments-status-cancelled = لغو شد
appointments-qr = این کد را پیش دروازه نشان دهید.
appointments-calendar = افزودن به تقویم من
appointments-reschedule = انتخاب یک وقت دیگر
appointments-cancel = لغو این وقت ملاقات
appointments-cutoff = تا { $hours } ساعت پیش از وقت ملاقات می توانید آن را تغییر دهید.
appointments-too-late = برای تغییر این وقت ملاقات از طریق انترنت دیر شده است. لطفاً به دفتر زنگ بزنید.
appointments-full = این وقت همین حالا گرفته شد. لطفاً وقت دیگری را انتخاب کنید.
appointments-limit = شما برای این کار از قبل یک وقت ملاقات دارید. اول آن را لغو کنید تا وقت دیگری بگیرید.
appointments-past-slot = این وقت گذشته است. لطفاً وقت دیگری را انتخاب کنید.
appointments-staff-reason = پیام دفتر
appointments-open = باز کردن { $reference }

staff-nav-appointments = وقت های ملاقات
staff-appointments-title = وقت های ملاقات
staff-appointments-location = محل
staff-appointments-date = تاریخ
staff-appointments-day = روز
staff-appointments-week = هفته
staff-appointments-span = نمایش
staff-appointments-show = نشان دادن
staff-appointments-none = هیچ وقت ملاقاتی نیست.
staff-appointments-who = چه کسی
staff-appointments-mark-attended = آمد
staff-appointments-mark-no-show = نیامد
staff-appointments-cancel = لغو
staff-appointments-move = تغییر وقت
staff-appointments-reason = دلیل (به شخص گفته می شود)
staff-appointments-to-slot = وقت نو
staff-appointments-requests = کسانی که وقت می خواهند
staff-appointments-requests-none = هیچ کس منتظر وقت نیست.
staff-appointments-offer = پیشنهاد این وقت
staff-appointments-saved = ذخیره شد.
staff-appointments-find = شمارهٔ مرجع وقت ملاقات
staff-appointments-scan-title = چه کسی پیش میز است؟
staff-appointments-scan-lead = شمارهٔ مرجع وقت ملاقات، کد QR سند، برگهٔ ثبت نام یا شمارهٔ ثبت او را اسکن یا تایپ کنید.
staff-appointments-scan-code = شمارهٔ مرجع، شمارهٔ ثبت یا متن کد QR
staff-appointments-scan-submit = پیدا کردن وقت ملاقات او
staff-appointments-scan-camera = اسکن با کمره
staff-appointments-scan-stop = بستن کمره
staff-appointments-scan-camera-unavailable = کمره اینجا قابل استفاده نیست. به جای آن شمارهٔ مرجع را تایپ کنید.
staff-appointments-scanned-no-booking = این شخص در مکان های شما وقت ملاقات ندارد.
staff-appointments-scanned-not-genuine = این کد QR سند اصلی این پورتال نیست. اسناد شخص را بررسی کنید.
staff-appointments-scanned-unknown = برای این کد در مکان های شما چیزی پیدا نشد.
staff-appointments-found-none = هیچ وقت ملاقاتی با این شمارهٔ مرجع در مکان های شما نیست.
staff-appointments-from-start = از زمان شروع آن می توان آن را علامت گذاری کرد.
appointments-not-started = این وقت ملاقات هنوز شروع نشده است. پس از شروع آن را علامت بزنید.
appointments-not-over = این وقت ملاقات هنوز تمام نشده است. غیرحاضری را پس از پایان آن علامت بزنید.

mail-appointment-subject = وقت ملاقات { $reference } شما
mail-appointment-booked-body =
    سلام،

    وقت ملاقات شما گرفته شد: { $service }، { $time }، { $location }.
    شمارهٔ مرجع: { $reference }. دعوت نامهٔ تقویم ضمیمه است.

    آن را اینجا ببینید یا تغییر دهید:
    { $link }
mail-appointment-changed-body =
    سلام،

    وقت ملاقات { $reference } شما تغییر کرد. وقت نو: { $service }، { $time }، { $location }.
    دعوت نامهٔ تازهٔ تقویم ضمیمه است.

    { $link }
mail-appointment-cancelled-body =
    سلام،

    وقت ملاقات { $reference } شما ({ $service }، { $time }) لغو شد.

    برای گرفتن یک وقت دیگر:
    { $link }
mail-appointment-reminder-body =
    سلام،

    یادآوری: وقت ملاقات شما فردا است: { $service }، { $time }، { $location }.
    شمارهٔ مرجع: { $reference }.

    { $link }

## Credentials (issue 6)
nav-my-credentials = اسناد دیجیتالی من
credentials-title = اسناد دیجیتالی من
credentials-lead = سند دیجیتالی، ثبت نام شما را به کلینیک، بانک، مکتب یا پولیس ثابت می کند. اداره آن را امضا می کند و هر کس می تواند آن را در صفحهٔ «بررسی یک سند» بررسی کند.
credentials-reauth = برای دیدن اسناد تان، اول با کلید عبور خود تأیید کنید که خود شما هستید.
credentials-reauth-button = تأیید با کلید عبور من
credentials-reauth-working = اکنون از کلید عبور خود استفاده کنید…
credentials-reauth-cancelled = از کلید عبور استفاده نشد. دوباره کوشش کنید.
credentials-kind-registration = سند ثبت نام
credentials-kind-household = سند خانواده
credentials-status-none = هنوز ساخته نشده
credentials-status-active = معتبر
credentials-status-suspended = معلق شده
credentials-status-revoked = دیگر معتبر نیست
credentials-status-expired = تاریخ گذشته
credentials-valid-until = معتبر تا { $date }
credentials-show = نشان دادن کد QR
credentials-get = گرفتن سند من
credentials-next-suspended = این سند معلق شده است. لطفاً با دفتر خود تماس بگیرید.
credentials-next-office = دفتر شما یک سند نو به شما می دهد. لطفاً با آن ها تماس بگیرید.
credentials-next-inactive = سند تنها برای ثبت نام فعال داده می شود.
credentials-qr-title = این کد QR را نشان دهید
credentials-qr-tip = روشنی صفحه را زیاد کنید و تلفن را بی حرکت پیش روی کمره نگه دارید.
credentials-download-title = ذخیره یا شریک ساختن
credentials-download-json = دانلود سند ⁦(.json)⁩
credentials-download-jwt = دانلود سند ⁦(.jwt)⁩
credentials-download-svg = دانلود کد QR ⁦(.svg)⁩
credentials-print = چاپ این صفحه
credentials-back = همهٔ اسناد من
credentials-number = شماره
credentials-name = نام
credentials-issued = تاریخ صدور
credentials-not-current = این سند دیگر معتبر نیست. برگردید و یک سند نو بگیرید.
credential-reason-record-changed = سوابق تغییر کرد
credential-reason-lost-or-stolen = گم شده یا دزدی شده
credential-reason-record-error = اشتباه در سوابق
credential-reason-registration-closed = ثبت نام بسته شد
credential-reason-fraud-suspected = شک به استفادهٔ نادرست
credential-reason-under-review = در حال بررسی
credential-reason-other = دلیل دیگر
verify-title = بررسی یک سند
verify-lead = کد QR را روی تلفن یا کاغذ شخص اسکن کنید، یا سند را اینجا بچسبانید، تا ببینید که اصلی است یا نه.
verify-scan = اسکن با کمره
verify-scan-stop = بستن کمره
verify-photo = یا از کد QR عکس بگیرید
verify-paste = یا سند یا متن کد QR را اینجا بچسبانید
verify-submit = بررسی
verify-again = بررسی یک سند دیگر
verify-outcome-genuine = اصلی
verify-outcome-expired = تاریخ گذشته
verify-outcome-not-yet-valid = هنوز معتبر نیست
verify-outcome-revoked = لغو شده: دیگر معتبر نیست
verify-outcome-suspended = معلق شده: فعلاً معتبر نیست
verify-outcome-forged = اصلی نیست: آن را قبول نکنید
verify-outcome-unknown-issuer = صادرکنندهٔ ناشناس: آن را قبول نکنید
verify-outcome-status-unknown = وضعیت بررسی نشد
verify-outcome-unreadable = هیچ سندی خوانده نشد
verify-compare = نام و عکس را با شخصی که پیش روی شماست مقایسه کنید.
verify-compare-no-photo = این سند عکس ندارد: نام و تاریخ تولد را با سند هویت شخص مقایسه کنید.
verify-status-reason = دلیل: { $reason }
verify-status-since = از تاریخ
verify-photo-alt = عکس دارندهٔ سند
verify-photo-missing = عکس نشان داده نشد.
verify-issued-through = از طریق پورتال توسط شریک { $partner } صادر شده است: این شریک ضامن درستی محتوای آن است.
verify-status-age = وضعیت { $minutes } دقیقه پیش
verify-born = تاریخ تولد
verify-office = صادر شده توسط
verify-valid-until = معتبر تا
verify-members = اعضای خانواده
verify-reason-no-qr-code = در عکس هیچ کد QR پیدا نشد. از نزدیک تر و با روشنی بیشتر دوباره کوشش کنید.
verify-reason-empty = چیزی فرستاده نشد. یک سند را اسکن کنید، از آن عکس بگیرید یا آن را بچسبانید.
verify-reason-not-an-image = این فایل عکس نیست (PNG یا JPEG).
verify-reason-image-too-large = عکس بسیار بزرگ است.
verify-reason-busy = تأییدکننده مصروف بررسی‌های دیگر است. در مورد این سند هیچ تصمیمی گرفته نشد: چند ثانیه بعد دوباره کوشش کنید.
verify-result-gone = این نتیجه دیگر موجود نیست. لطفاً سند را دوباره بررسی کنید.
verify-camera-unavailable = اینجا نمی توان از کمره استفاده کرد. به جای آن یک عکس بگیرید.
staff-credentials-title = اسناد دیجیتالی
staff-credentials-none = هنوز هیچ سندی صادر نشده است.
staff-credentials-suspend = معلق کردن
staff-credentials-unsuspend = رفع تعلیق
staff-credentials-revoke = لغو کردن
staff-credentials-reason = دلیل
staff-credentials-apply = اجرا کردن
staff-credentials-issue-registration = صادر کردن یک سند ثبت نام نو
staff-credentials-issue-household = صادر کردن یک سند خانوادهٔ نو
staff-credentials-refused = این تغییر ممکن نشد (کسی پیش از شما آن را تغییر داده است، یا وظیفهٔ شما اجازهٔ آن را نمی دهد).

# تاریخ و وقت (تقویم میلادی)
month-1 = جنوری
month-2 = فبروری
month-3 = مارچ
month-4 = اپریل
month-5 = می
month-6 = جون
month-7 = جولای
month-8 = اگست
month-9 = سپتمبر
month-10 = اکتوبر
month-11 = نوامبر
month-12 = دسمبر
weekday-1 = دوشنبه
weekday-2 = سه‌شنبه
weekday-3 = چهارشنبه
weekday-4 = پنجشنبه
weekday-5 = جمعه
weekday-6 = شنبه
weekday-7 = یکشنبه
weekday-date-pattern = { $weekday } { $date }
# Solar Hijri months (Afghanistan's names), shown in Dari beside the Gregorian date.
solar-month-1 = حمل
solar-month-2 = ثور
solar-month-3 = جوزا
solar-month-4 = سرطان
solar-month-5 = اسد
solar-month-6 = سنبله
solar-month-7 = میزان
solar-month-8 = عقرب
solar-month-9 = قوس
solar-month-10 = جدی
solar-month-11 = دلو
solar-month-12 = حوت
dual-date-pattern = { $solar } ({ $gregorian })
date-pattern = { $day } { $month } { $year }
date-time-pattern = { $date }، ساعت { $time }
time-zone-utc = به وقت جهانی

# بررسی کننده بدون اتصال.
verify-status-as-of = آخرین بررسی وضعیت: { $age }
verify-offline-ready = آماده بررسی اسناد بدون اتصال.
verify-offline-not-ready = این تلفون هنوز نمی‌تواند بدون اتصال بررسی کند. این صفحه را یک بار با اتصال باز کنید.
verify-offline-checked = بر روی این تلفون، بدون اتصال بررسی شد.
verify-offline-photo = عکس بدون اتصال نشان داده نمی‌شود. نام و تاریخ تولد را مقایسه کنید.
verify-offline-needs-connection = این فایل تنها با اتصال بررسی می‌شود. به جای آن کود QR را اسکن کنید یا از آن عکس بگیرید.

# کدهایی که سرور و مرورگر با هم شریک اند (server/types): کلمات برای کدهایی که کلمه نداشتند.
registration-status-active = فعال
registration-status-inactive = غیر فعال
registration-status-closed = بسته شده
# نیازهای حساس حمایتی: به زبان کارمندان؛ شخص آن ها را در سوابق خود نمی بیند.
need-wr = زن در معرض خطر
need-lp = نیازهای خاص حمایت حقوقی و فزیکی
need-tr = بازماندهٔ شکنجه یا خشونت
credentials-kind-external = سند برای یک سازمان همکار
nationality-stateless = بدون تابعیت
nationality-refugee = پناهنده (طبق کنوانسیون ۱۹۵۱)
nationality-other-refugee = پناهنده (وضعیت دیگر)
nationality-unspecified = مشخص نشده
problem-unknown-code = ما این کد را نمی شناسیم. آن را بررسی کنید و دوباره کوشش کنید.
field-office-code = کد دفتر
field-office-name = نام دفتر
field-time-zone = منطقهٔ زمانی
field-share = آنچه نشان داده می‌شود
field-date-of-birth-estimated = تاریخ تولد تخمینی است
field-specific-needs = نیازهای خاص
field-display-name = نامی که همکاران می بینند
field-role = وظیفه
field-kind = نوع
field-status = وضعیت
field-decision = تصمیم
field-weekday = روز هفته
field-service = خدمت
field-duration = مدت به دقیقه
field-limit = تعداد وقت های ملاقات برای هر خانواده در یک زمان

# Messages, the header and confirmations (issue 16)
nav-messages = پیام‌ها
header-messages-unread = پیام‌ها ({ $count } جدید)
header-account = حساب شما
messages-title = پیام‌های من
messages-lead = آنچه دفتر در مورد درخواست‌ها، ملاقات‌ها و اسناد شما انجام داده است. در پایین انتخاب می‌کنید که هر پیام به ایمیل یا تلفن شما هم فرستاده شود یا نه.
messages-none = هنوز پیامی نیست.
messages-new = جدید
messages-open = باز کردن
message-appointment-booked = ملاقات { $reference }: ثبت شد.
message-appointment-changed = ملاقات { $reference }: به وقت دیگری منتقل شد.
message-appointment-cancelled = ملاقات { $reference }: لغو شد.
message-credential-issued = { $credential }: یک سند جدید برای شما صادر شد.
message-credential-suspended = { $credential }: موقتاً معطل شد. دلیل: { $reason }.
message-credential-reinstated = { $credential }: دوباره معتبر است.
message-credential-revoked = { $credential }: باطل شد. دلیل: { $reason }.
sms-news = پورتال پناهندگان: برای شما پیام تازه‌ای آمده است. برای خواندن آن وارد شوید: { $link }
mail-credential-subject = خبر در مورد { $credential }
mail-credential-body =
    سلام،

    { $news }

    برای دیدن اسناد خود وارد شوید:
    { $link }
appointments-morning = صبح
appointments-afternoon = بعد از ظهر
appointments-free-count = وقت‌های خالی: { $count }
confirm-cancel-appointment = این ملاقات لغو شود؟ این وقت به شخص دیگری داده می‌شود. بعداً می‌توانید ملاقات جدیدی بگیرید.
confirm-cancel-appointment-yes = بلی، لغو شود
confirm-signout-everywhere = از همه تلیفون‌ها و کمپیوترهایی که در آن‌ها وارد شده‌اید، از جمله همین یکی، خارج شوید؟
confirm-signout-everywhere-yes = بلی، از همه جا خارج شوم
staff-credentials-change = معطل کردن یا باطل کردن
staff-credentials-change-lead = معطلی را بعداً می‌توان برداشت. باطل کردن نهایی است: هر تأییدکننده سند را باطل‌شده می‌بیند.

# Help and complaints (issue 16)
nav-help = کمک
help-title = کمک
help-lead = ما را کجا پیدا کنید، چطور به ما زنگ بزنید، چطور بگویید چه چیزی درست کار نکرد، و با معلومات شما چه می‌کنیم.
help-places = دفترهای ما
help-phone = تلیفون
help-hours = ساعات کاری
help-hours-line = { $weekday }: { $opens }–{ $closes }
help-hours-none = ساعات کاری هنوز نشر نشده است.
help-map = دیدن در نقشه
help-feedback-title = شکایت‌ها و نظرها
help-feedback-lead = به ما بگویید چه چیزی درست کار نکرد یا چه چیزی می‌تواند بهتر شود. لازم نیست وارد شوید یا نام خود را بگویید. شماره مرجعی را که به شما می‌دهیم نگه دارید: با آن شما و ما می‌توانیم پیام شما را پیدا کنیم.
help-kind = پیام شما در مورد چیست؟
help-kind-complaint = شکایت
help-kind-feedback = نظر یا پیشنهاد
help-office = در مورد کدام دفتر است؟
help-office-any = دفتر خاصی نیست
help-message = پیام شما
help-contact = چطور با شما تماس بگیریم؟ (اختیاری)
help-contact-hint = شماره تلیفون یا آدرس ایمیل، فقط اگر جواب می‌خواهید. برای ناشناس ماندن خالی بگذارید.
help-send = فرستادن
help-sent = تشکر، پیام شما رسید. شماره مرجع شما { $reference } است.
help-busy = فعلاً نمی‌توانیم پیام بیشتری بگیریم. لطفاً یک ساعت بعد دوباره کوشش کنید یا به یک دفتر زنگ بزنید.
help-data-title = با معلومات شما چه می‌کنیم
help-data-1 = معلومات ثبت نام شما را نگه می‌داریم تا بتوانید کمک بگیرید و ثابت کنید که کی هستید. از آن برای هیچ کار دیگری استفاده نمی‌کنیم و هرگز آن را نمی‌فروشیم.
help-data-2 = فقط کارمندان دفتر شما می‌توانند پرونده شما را باز کنند، و هر بار که باز می‌کنند ثبت می‌شود. می‌توانید آن را در «چه کسی معلومات مرا دیده است» ببینید.
help-data-3 = کسی که سند شما را بررسی می‌کند فقط آنچه را در آن نوشته شده می‌بیند، نه باقی پرونده شما را.
help-data-4 = اگر چیزی در پرونده شما اشتباه است، از «سوابق من» درخواست اصلاح کنید. اگر فکر می‌کنید از معلومات شما سوءاستفاده شده، از همین‌جا شکایت بفرستید.
staff-feedback-title = شکایت‌ها و نظرها
staff-feedback-none = چیزی نرسیده است.
staff-feedback-anonymous = ناشناس
staff-feedback-signed-in = پس از ورود فرستاده شده
staff-feedback-contact = تماس: { $contact }
staff-feedback-any-office = هر دفتر

# My data (issue 16)
my-data-title = معلومات من
my-data-lead = هر آنچه پورتال در مورد شما نگه می‌دارد، در یک صفحه. باز کردن این صفحه یا دانلود فایل، مانند هر دسترسی به معلومات شما، ثبت می‌شود.
my-data-download = دانلود همه چیز (فایل)
my-data-file-hint = فایل (JSON) همین معلومات را به شکلی دارد که برنامه‌های دیگر می‌توانند بخوانند. آن را در جای امن نگه دارید: معلومات شخصی شما در آن است.
my-data-photo = عکس
my-data-photo-kept = یک عکس همراه سوابق شما نگه داشته می‌شود.
my-data-photo-none = هیچ عکسی نگه داشته نمی‌شود.
my-data-documents = فایل‌های فرستاده‌شده: { $count }
my-data-more = این‌ها هم نگه داشته می‌شود
my-data-lines = تعداد: { $count }
my-data-none = چیزی اینجا نگه داشته نمی‌شود.

# How a person is told of news (My messages)
channels-title = چگونه شما را باخبر می‌سازیم
channels-lead = مرا از خبرهای تازه آگاه کنید
channels-portal = همین‌جا، در پیام‌های من
channels-portal-always = همیشه
channels-mail = از راه ایمیل
channels-sms = با پیام کوتاه (SMS)
channels-no-email = نخست یک آدرس ایمیل اضافه کنید (درخواست تغییر بدهید)
channels-no-phone = نخست یک شماره تلفن اضافه کنید (درخواست تغییر بدهید)
channels-sms-not-offered = هنوز در دسترس نیست
channels-sms-privacy = پیام کوتاه تنها می‌گوید که خبر تازه‌ای هست و شما را به این‌جا می‌آورد: هرگز نام شما، تصمیم یا تاریخ را نشان نمی‌دهد، چون هر کسی که تلفن را در دست دارد می‌تواند آن را بخواند.
channels-save = ذخیرهٔ انتخاب من
channels-saved = انتخاب شما ذخیره شد.

# Trusted helpers (/me/trusted)
trusted-title = کسان مورد اعتماد
trusted-lead = کسی که به او اعتماد دارید (یک خویشاوند، یک دوست، یا یک مددکار که در پورتال حساب دارد) می‌تواند پروندهٔ شما را ببیند و در محدوده‌ای که شما انتخاب می‌کنید، تا روزی که شما تعیین می‌کنید، به جای شما کار کند. هر وقت بخواهید می‌توانید آن را پایان دهید، و هر کاری که او انجام دهد در تاریخچهٔ شما به نام کمک‌کنندهٔ شما دیده می‌شود.
nav-trusted = کسان مورد اعتماد
trusted-grant-title = می‌خواهم کسی به من کمک کند
trusted-name = نام او
trusted-name-hint = همان‌طور که او را می‌شناسید، مثلاً: عمر، برادرم.
trusted-limits = چه کارهایی می‌تواند بکند
trusted-view-always = دیدن پرونده، خانواده، درخواست‌ها، ملاقات‌ها و پیام‌های من (همیشه)
trusted-may-book = گرفتن، جابه‌جا کردن و لغو ملاقات‌های من
trusted-may-request = درخواست تغییر در پروندهٔ من و پاسخ دادن به پرسش‌های دفتر
trusted-days = برای چند روز
trusted-days-hint = از ۱ تا ۳۶۵ روز.
trusted-grant = ساختن یک کد برای کمک‌کنندهٔ من
trusted-code-title = این کد را به کمک‌کنندهٔ خود بدهید
trusted-code-body = او با کلید عبور خودش وارد می‌شود، صفحهٔ کسان مورد اعتماد را باز می‌کند و کد را وارد می‌کند. کد تنها یک بار و در ۴۸ ساعت کار می‌کند. آن را به کس دیگری ندهید.
trusted-mine-title = چه کسی می‌تواند به جای من کار کند
trusted-mine-none = هیچ‌کس نمی‌تواند به جای شما کار کند.
trusted-helping-title = کسانی که به آن‌ها کمک می‌کنم
trusted-helping-none = شما به کسی کمک نمی‌کنید.
trusted-accept-title = به من یک کد داده شده
trusted-code = کد
trusted-code-hint = دوازده حرف و رقم، مثلاً ⁦ABCD-EFGH-JKLM⁩.
trusted-accept = به کار بردن کد
trusted-accepted = اکنون می‌توانید به جای این شخص کار کنید: پایین‌تر «به جای او کار کن» را انتخاب کنید.
trusted-act = به جای او کار کن
trusted-end = پایان دادن
trusted-end-question = پایان داده شود؟ او دیگر نمی‌تواند کاری انجام دهد.
trusted-end-yes = بله، پایان بده
trusted-ended = پایان یافت.
trusted-until = تا { $date }
trusted-may-view-only = فقط می‌تواند ببیند
trusted-standing-invited = در انتظار کد
trusted-standing-active = فعال
trusted-standing-unclaimed = کد به‌موقع به کار برده نشد
trusted-standing-expired = مدت آن گذشته است
trusted-standing-ended = پایان یافته
trusted-acting = شما به جای { $name } کار می‌کنید.
trusted-stop = دیگر به جای او کار نکن
trusted-bad-code = این کد کار نمی‌کند: شاید نادرست نوشته شده، قبلاً به کار رفته، یا بیش از ۴۸ ساعت از آن گذشته است.
trusted-not-for-helpers = این صفحه تنها برای خود شخص است، نه برای کمک‌کننده.
trusted-too-many = شما همین حالا ۵ کمک‌کننده یا کد در انتظار دارید: نخست یکی را پایان دهید.
request-event-by-helper = به دست کمک‌کنندهٔ مورد اعتماد شما
access-by-helper = کمک‌کنندهٔ مورد اعتماد شما { $name }
access-action-helper-view = داده‌های شما را دید
access-action-delegation = تغییر داد چه کسی می‌تواند به جای شما کار کند
staff-case-helpers = کسان مورد اعتماد
staff-case-helpers-none = هیچ کس مورد اعتمادی ثبت نشده است.
staff-case-helper-of = به این شخص کمک می‌کند
staff-case-helper-for = این شخص به کس دیگری کمک می‌کند
staff-quality-title = کیفیت داده‌ها
staff-quality-lead = آنچه بررسی‌های شبانه در سوابق دفتر شما یافته‌اند. سابقه را از راه تغییر معمول بررسی‌شده درست کنید، سپس یافته را حل‌شده علامت بزنید. یافتهٔ بسته‌شده فقط وقتی برمی‌گردد که سوابق تغییر کنند.
staff-quality-open = برای بررسی
staff-quality-escalated = ارجاع‌شده
staff-quality-resolved = حل‌شده
staff-quality-false-positive = هشدار نادرست
staff-quality-none = هیچ یافته‌ای با این وضعیت نیست.
staff-quality-count = یافته‌ها: { $count }
staff-quality-score = شباهت: { $score } از 100
staff-quality-found = یافته‌شده در
staff-quality-open-record = جستجوی سابقهٔ { $number }
staff-quality-mark-resolved = حل شد
staff-quality-mark-false-positive = مشکلی نیست
staff-quality-mark-escalated = ارجاع
staff-quality-done = ذخیره شد:
staff-quality-stale = این یافته در این میان رسیدگی شده یا دیگر وجود ندارد. فهرست اکنون به‌روز است.
staff-quality-unavailable = یافته‌ها را نمی‌توان به شما نشان داد.
staff-nav-quality = کیفیت داده‌ها
quality-rule-missing-field = یک نام خالی است، یا متقاضی اصلی نه تیلفون دارد نه ایمیل
quality-rule-born-in-future = تاریخ تولد پس از امروز
quality-rule-too-old = بیش از ۱۲۰ سال
quality-rule-child-older-than-parent = یک کودک کمتر از ۱۲ سال از یکی از والدین کوچک‌تر است
quality-rule-household-principal = خانواده دقیقاً یک متقاضی اصلی ندارد
quality-rule-shared-contact = یک تیلفون یا ایمیل در خانواده‌های بی‌ارتباط
quality-rule-likely-duplicate = شاید همان شخص دو بار ثبت شده است

# Reports (/staff/reports)
staff-nav-reports = گزارش‌ها
reports-title = گزارش‌ها
reports-intro = عملیات به عدد، بدون هیچ شخصی در آن. اشخاص تا امروز شمرده می‌شوند؛ بقیه میان روز اول و روز آخر است.
reports-from = روز اول
reports-to = روز آخر
reports-office = دفتر
reports-office-all = همه دفترها
reports-show = نمایش
reports-scope = { $office }، از { $from } تا { $to } (روزها به وقت { $zone })
reports-people = اشخاص
reports-registered = ثبت شده
reports-active = فعال
reports-enrolled = دارای کلید عبور پورتال
reports-new-per-day = ثبت شده در روز
reports-requests = درخواست‌های به‌روزرسانی
reports-waiting = اکنون در انتظار
reports-waiting-median = نیمی کمتر از این مدت منتظر مانده‌اند
reports-waiting-p90 = نه از ده کمتر از این مدت منتظر مانده‌اند
reports-days = { $days } روز
reports-decided-per-week = تصمیم گرفته شده در هفته
reports-week-of = هفتهٔ { $date }
reports-approved = تأیید شده
reports-partly-approved = بخشی تأیید شده
reports-rejected = رد شده
reports-appointments = وقت‌های ملاقات
reports-appointments-per-day = وقت‌های ملاقات در روز (لغو نشده)
reports-attended = آمدند
reports-no-show = نیامدند
reports-still-booked = هنوز ثبت نشده
reports-cancelled = لغو شده
reports-no-show-rate = نیامدند، از میان ثبت شده‌ها
reports-percent = { $value }٪
reports-credentials = اسناد
reports-issued = صادر شده
reports-revoked = باطل شده
reports-issued-per-day = صادر شده در روز
reports-checked = بررسی شده توسط تأییدکننده، همه دفترها
reports-checked-note = بررسی‌هایی که روی تلفن بدون اتصال انجام می‌شوند شمرده نمی‌شوند.
reports-total = در مجموع: { $count }
reports-none = در این دوره هیچ.
reports-csv = دانلود به صورت CSV
reports-csv-note = در فایل، عددهای ۱ تا ۴ به شکل «<5» نوشته می‌شوند و نرخ‌هایی که از کمتر از ۵ ساخته شده‌اند حذف می‌شوند تا هیچ خانواده‌ای شناخته نشود. دانلودها ثبت می‌شوند.
reports-chart-bar = { $label }: { $count }
reports-error-office = کارمندان یک دفتر فقط عددهای دفتر خود را می‌بینند.
reports-error-period = روز آخر باید همان روز اول یا پس از آن باشد، حداکثر یک سال بعد.
reports-numbers = عددها
reports-unavailable = گزارش اکنون نشان داده نمی‌شود. لطفاً چند لحظه بعد دوباره کوشش کنید.
reports-revoked-per-day = باطل شده در روز

## Admin console (/staff/admin)
staff-nav-admin = حساب‌ها و کلیدها
admin-title = حساب‌ها و کلیدها
admin-lead-all = شما همه حساب‌های کارمندان، توکن‌های API سیستم‌های همکار و کلیدهایی را که اسناد را امضا می‌کنند مدیریت می‌کنید. هر تغییر در سابقهٔ بررسی ثبت می‌شود.
admin-lead-office = شما حساب‌های کارمندان و ناظران دفتر خود را مدیریت می‌کنید. هر تغییر در سابقهٔ بررسی ثبت می‌شود.
admin-not-admin = فقط مدیران حساب‌ها و کلیدها را مدیریت می‌کنند.
admin-accounts = حساب‌های کارمندان
admin-state-active = فعال
admin-state-suspended = معلق
admin-state-ended = پایان‌یافته
admin-all-offices = همه دفترها
admin-created = ساخته شده:
admin-last-sign-in = آخرین ورود:
admin-never-signed-in = هرگز
admin-passkeys = کلیدهای ورود: { $count }
admin-no-passkey = هنوز کلید ورودی نیست: دعوت‌نامه استفاده نشده است.
admin-passkey-added = افزوده شد
admin-passkey-used = آخرین استفاده
admin-own = این حساب خود شماست: مدیر دیگری آن را تغییر می‌دهد.
admin-suspend = تعلیق
admin-reinstate = فعال‌سازی دوباره
admin-invite = دعوت‌نامهٔ جدید
admin-lost-phone = تلفن او گم شده است: کلیدهای ورودش را همین حالا پایان دهید
admin-invite-send = دعوت‌نامه را بفرستید
admin-end = پایان دادن به این حساب
admin-end-explain = پایان دادن او را از همه جا خارج می‌کند، کلیدهای ورودش را حذف می‌کند و برگشت‌پذیر نیست. کارهایی که کرده در سابقهٔ بررسی می‌ماند.
admin-end-confirm = حساب را پایان دهید
admin-new = افزودن یک کارمند
admin-email = ایمیل کاری
admin-name = نامی که همکاران می‌بینند
admin-roles = نقش‌ها
admin-office = دفتر
admin-invite-note = دعوت‌نامه با ایمیل به این نشانی فرستاده می‌شود و { $days } روز معتبر است. شما پیوند و کد آن را نمی‌بینید.
admin-create = افزودن و فرستادن دعوت‌نامه
admin-tokens = توکن‌های API سیستم‌های همکار
admin-tokens-lead = توکن جدید روی سرور با portal api-token create ساخته می‌شود: فقط یک بار، به کسی که آن را ساخته، نشان داده می‌شود.
admin-tokens-none = هنوز توکن API نیست.
admin-scope-issue = صدور اسناد
admin-scope-status = تغییر وضعیت اسناد
admin-token-scopes = اجازه دارد:
admin-token-types = انواع سند:
admin-token-used = آخرین استفاده
admin-token-never-used = هرگز
admin-token-revoked-on = لغو شده
admin-revoke = لغو
admin-revoke-explain = سیستم همکار از این پس نمی‌تواند از این توکن استفاده کند. این کار برگشت‌پذیر نیست.
admin-revoke-confirm = توکن را لغو کنید
admin-keys = کلیدهای امضا
admin-key-signs = اسناد جدید را امضا می‌کند.
admin-key-verifies = دیگر امضا نمی‌کند؛ آنچه امضا کرده قابل تأیید می‌ماند.
admin-key-retired = بازنشسته: آنچه امضا کرده دیگر قابل تأیید نیست (اشخاص اسناد خود را دوباره می‌گیرند).
admin-key-retired-on = بازنشسته شد
admin-rotate = کلید امضای جدید
admin-rotate-explain = از این پس یک کلید جدید اسناد را امضا می‌کند. اسنادی که پیش‌تر امضا شده‌اند قابل تأیید می‌مانند.
admin-rotate-confirm = کلید جدید را بسازید
admin-done-created = حساب ساخته شد و دعوت‌نامهٔ آن فرستاده شد.
admin-done-invited = دعوت‌نامهٔ جدید فرستاده شد؛ دعوت‌نامه‌های پیشین دیگر کار نمی‌کنند.
admin-done-suspended = حساب معلق شد و از همه جا خارج شد.
admin-done-active = حساب دوباره فعال است.
admin-done-ended = حساب پایان یافت.
admin-done-token-revoked = توکن API لغو شد.
admin-done-key-rotated = از این پس یک کلید جدید اسناد را امضا می‌کند.
admin-done-sent-back = دوباره فرستاده شد: به زودی دوباره امتحان می‌شود.
admin-failed = کارهای پس‌زمینه که ناکام ماندند
admin-failed-lead = این کارها پس از آخرین تلاش خود متوقف شدند. اول علت را رفع کنید (تنظیمات ایمیل، دروازهٔ پیامک، پایگاه داده)، سپس دوباره امتحان کنید.
admin-failed-none = هیچ چیزی ناکام نمانده است: ایمیل، پیامک و بررسی‌های شبانه کار می‌کنند.
admin-failed-mail = ایمیل به یک شخص
admin-failed-sms = پیامک به یک شخص
admin-failed-quality = بررسی‌های شبانهٔ کیفیت داده‌ها
admin-failed-run = کار زمان‌بندی‌شده
admin-failed-attempts = تلاش‌ها: { $count }
admin-failed-since = موعد از
admin-failed-refused = سرور آن را برای همیشه رد کرد (جواب { $code }).
admin-failed-deferred = سرور خواست که بعدًا دوباره کوشش شود (جواب { $code }).
admin-failed-timeout = سرور به موقع جواب نداد.
admin-failed-tls = اتصال امن به سرور ناکام شد.
admin-failed-unreachable = به سرور دسترسی ممکن نشد.
admin-failed-number = شماره تلیفون به شکل بین‌المللی نیست.
admin-failed-setup = ایمیل یا پیامک درست تنظیم نشده است.
admin-failed-unknown = ارسال به دلیلی ناکام شد که پورتال نتوانست آن را مشخص کند.
admin-send-back = دوباره امتحان کنید
admin-mail-failed = دعوت‌نامه معتبر است، اما ایمیل فرستاده نشد. تنظیمات ایمیل را بررسی کنید، سپس دعوت‌نامهٔ جدید بفرستید.
admin-problem-form = ایمیل و نام را بررسی کنید و دست‌کم یک نقش را برگزینید.
admin-problem-own = شما نمی‌توانید حساب خود را تغییر دهید. مدیر دیگری می‌تواند.
admin-problem-ended = این حساب پایان یافته است. اگر آن شخص برگشت، حساب تازه‌ای بسازید.
admin-problem-suspended = پیش از فرستادن دعوت‌نامه، حساب را دوباره فعال کنید.
admin-problem-stale = کسی در این میان آن را تغییر داد. صفحه اکنون آن را همان‌گونه که هست نشان می‌دهد.
admin-problem-exists = یک حساب کارمند با این ایمیل از پیش هست.
admin-problem-not-found = این حساب یا توکن از مواردی نیست که شما مدیریت می‌کنید.
admin-problem-refused = نقش شما این اجازه را نمی‌دهد.
admin-problem-unavailable = اکنون این کار ممکن نیست. لطفاً کمی بعد دوباره تلاش کنید.

## Sharing only some details of a credential (SD-JWT VC)
credentials-share-title = فقط بعضی جزئیات را نشان بدهید
credentials-share-intro = بانک باید بداند که شما ثبت شده و بالغ هستید، نه تاریخ تولد شما را. انتخاب کنید این کد QR چه چیزی را نشان بدهد؛ چیز دیگری از آن خوانده نمی‌شود.
credentials-share-preset-clinic = برای کلینیک: نام، تاریخ تولد، شماره، بررسی عکس
credentials-share-preset-bank = برای بانک: نام، ۱۸ سال یا بیشتر، شماره، وضعیت، بررسی عکس
credentials-share-preset-school = برای مکتب: نام، تاریخ تولد، وضعیت
credentials-share-preset-custom = خودم انتخاب می‌کنم:
credentials-share-make = ساختن کد QR
credentials-share-shows = این کد QR فقط این‌ها را نشان می‌دهد:
credentials-share-text = همین، به شکل متن (برای برنامهٔ کیف پول یا یک پیام)
credentials-share-failed = این کد QR ساخته نشد. دست‌کم یک مورد را انتخاب کنید و دوباره کوشش کنید.
claim-name = نام
claim-name-original-script = نام به خط اصلی
claim-birthdate = تاریخ تولد
claim-age-over-18 = ۱۸ سال یا بیشتر
claim-age-over-65 = ۶۵ سال یا بیشتر
claim-registration-number = شمارهٔ ثبت
claim-registration-status = وضعیت ثبت
claim-issuing-office = دفتر
claim-photo-digest = بررسی عکس (خود عکس در کد نیست)
claim-household-id = شمارهٔ خانواده
claim-members = اعضای خانواده
verify-yes = بلی
verify-no = نخیر
verify-selective = دارنده انتخاب کرده که فقط همین جزئیات را نشان بدهد.
verify-compare-name-only = این سند عکس و تاریخ تولد را نشان نمی‌دهد: نام را با سند هویت شخص مقایسه کنید.

# اپلیکیشن‌های کیف پول (OpenID4VCI)
wallet-tx-code-hint = کد نشان داده شده در صفحهٔ پورتال
wallet-title = اضافه کردن به اپلیکیشن کیف پول
wallet-intro = این سند را در یک اپلیکیشن کیف پول در تلفن خود هم نگه دارید. پورتال یک کد QR برای اپلیکیشن و یک کد برای نوشتن در آن نشان می‌دهد.
wallet-make = ساختن کد QR برای اپلیکیشن کیف پول من
wallet-made-title = این را با اپلیکیشن کیف پول خود اسکن کنید
wallet-open = باز کردن در اپلیکیشن کیف پول همین تلفن
wallet-code-label = بعد این کد را در اپلیکیشن کیف پول بنویسید
wallet-code-tip = این کد را فقط در اپلیکیشن کیف پول خود بنویسید. کارمندان هرگز آن را از شما نمی‌خواهند.
wallet-expires = این پیشنهاد فقط یک بار، تا { $time } قابل استفاده است.
wallet-redeemed = اپلیکیشن کیف پول شما این سند را دریافت کرد.
wallet-ended = این پیشنهاد تمام شده است. اگر هنوز لازم دارید، یک کد QR تازه بسازید.
wallet-locked = کد چند بار اشتباه نوشته شد، بنابراین این پیشنهاد تمام شد. یک کد QR تازه بسازید.
access-by-you = شما
access-action-credential-present = بعضی جزئیات یک سند را نشان دادید
access-action-credential-offer = یک کد QR برای اپلیکیشن کیف پول ساختید
access-action-credential-wallet-issue = یک اپلیکیشن کیف پول سندی را دریافت کرد
case-action-credential-present = شخص بعضی جزئیات یک سند را نشان داد
case-action-credential-offer = شخص یک پیشنهاد برای اپلیکیشن کیف پول ساخت
case-action-credential-wallet-issue = یک اپلیکیشن کیف پول سندی را دریافت کرد

# درخواست سند از اپلیکیشن کیف پول (OpenID4VP)، در /verify
verify-ask-title = از اپلیکیشن کیف پول سند بخواهید
verify-ask-intro = اگر شخص سند خود را در اپلیکیشن کیف پول نگه می‌دارد، فقط همان چیزی را بخواهید که لازم دارید. اپلیکیشن او آنچه را می‌خواهید به او نشان می‌دهد و خودش انتخاب می‌کند که آن را شریک بسازد یا نه.
verify-ask-need = چه چیزی را باید بدانید؟
verify-ask-make = درخواست را به شکل کد QR نشان بده
verify-ask-problem = دست کم یک جزء را انتخاب کنید.
verify-ask-wait-title = بگذارید شخص این را با اپلیکیشن کیف پول خود اسکن کند
verify-ask-asked = شما این‌ها را خواستید:
verify-ask-open = در اپلیکیشن کیف پول روی همین تلیفون باز کنید
verify-ask-waiting = در انتظار اپلیکیشن کیف پول. جواب خودش این‌جا نمایان می‌شود.
verify-ask-expires = به این درخواست تا { $minutes } دقیقه دیگر می‌توان جواب داد.
verify-ask-check = جواب را نشان بده
verify-ask-expired = هیچ کس به موقع به این درخواست جواب نداد.
verify-ask-again = دوباره بخواهید
verify-ask-not-shown = اپلیکیشن کیف پول همه آنچه را خواستید نشان نداد. کم است: { $claims }.
verify-ask-unknown = این درخواست این‌جا شناخته نمی‌شود. دوباره بخواهید.
verify-reason-declined = شخص در اپلیکیشن کیف پول خود رد کرد. هیچ چیزی نشان داده نشد.
