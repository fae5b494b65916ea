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
staff-people-search-label = شمارهٔ ثبت نام یا نام
staff-people-search-submit = جستجو
staff-people-results = تعداد افراد: { $count }
staff-people-none = هیچ کس با این جستجو مطابقت ندارد.
staff-people-previous = صفحهٔ قبلی
staff-people-next = صفحهٔ بعدی
staff-people-open = باز کردن پروندهٔ { $name }
staff-case-title = پرونده
staff-case-household = خانواده
staff-case-born = تاریخ تولد
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
passkeys-last-one = این تنها کلید عبور شماست. اول یک کلید دیگر اضافه کنید، یا از دفتر ثبت نام یک برگهٔ نو بخواهید.
passkeys-confirm = با کلید عبور خود تأیید کنید…
me-passkeys-link = کلیدهای عبور من
