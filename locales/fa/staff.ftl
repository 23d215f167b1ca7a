## صفحه‌های کارکنان — فارسی

staff-nav-label = کارکنان
staff-home-title = بخش کارکنان
staff-admin-title = حساب‌های کارکنان
approvals-title = تأییدها
audit-title = دفتر ثبت رویدادها
staff-logout = خروج

## ورود
staff-login-title = ورود کارکنان
staff-field-email = نشانی ایمیل
staff-field-password = گذرواژه
staff-login-submit = ادامه
staff-verify-title = مرحلهٔ دوم
staff-verify-intro = کد شش‌رقمی را از برنامهٔ احراز هویت خود وارد کنید.
staff-field-code = کد
staff-verify-recovery-hint = گوشی‌تان را گم کرده‌اید؟ به‌جای آن، یکی از کدهای بازیابی خود را وارد کنید.
staff-verify-submit = ورود

## راه‌اندازی حساب
staff-enrol-title = گذرواژهٔ خود را تعیین کنید
staff-enrol-intro = برای حساب کارکنان خود یک گذرواژه انتخاب کنید. پس از آن، یک برنامهٔ احراز هویت را راه‌اندازی خواهید کرد.
staff-field-new-password = گذرواژهٔ جدید
staff-password-hint = دست‌کم ۱۲ نویسه. چند واژهٔ بی‌ربط به هم، گذرواژهٔ خوبی می‌سازند. گذرواژه‌های بسیار رایج پذیرفته نمی‌شوند.
staff-field-password-confirm = تکرار همان گذرواژه
staff-enrol-submit = ذخیرهٔ گذرواژه
staff-link-invalid-title = از این لینک نمی‌توان استفاده کرد
staff-link-invalid-text = این لینک منقضی شده، پیش‌تر استفاده شده یا معتبر نیست. از یکی از مدیران دعوت‌نامهٔ تازه‌ای بخواهید.
staff-totp-title = برنامهٔ احراز هویت خود را راه‌اندازی کنید
staff-totp-intro = کد را با یک برنامهٔ احراز هویت (مانند Aegis، FreeOTP یا Google Authenticator) اسکن کنید، سپس کد شش‌رقمی‌ای را که برنامه نشان می‌دهد وارد کنید.
staff-totp-qr-caption = کد QR برای برنامهٔ احراز هویت شما
staff-totp-secret-label = اگر نمی‌توانید آن را اسکن کنید، این کلید را تایپ کنید:
staff-totp-submit = تأیید
staff-recovery-title = کدهای بازیابی شما
staff-recovery-intro = این ده کد را در جایی امن و دور از گوشی‌تان نگه دارید. اگر برنامهٔ احراز هویت خود را از دست بدهید، با هر کد فقط یک بار می‌توانید وارد شوید. این کدها دیگر نمایش داده نمی‌شوند.
staff-recovery-continue = آن‌ها را ذخیره کرده‌ام — ادامه

## پیشخوان
staff-home-welcome = خوش آمدید، { $name }.
staff-home-admin-text = دعوت از همکاران، تغییر نقش‌ها، غیرفعال کردن حساب‌ها.
staff-home-approvals-text = کارهایی که به تأیید یک مدیر دیگر نیاز دارند.
staff-home-audit-text = همهٔ کارها و هر بار مشاهدهٔ اطلاعات شخصی.
staff-home-sessions-title = نشست‌های شما
staff-home-sessions-text = از همهٔ دستگاه‌هایی که در آن‌ها وارد شده‌اید خارج شوید؛ برای نمونه، اگر لپ‌تاپی را گم کرده‌اید.
staff-home-sessions-submit = خروج از همهٔ دستگاه‌ها

## مدیریت
staff-admin-caption = همهٔ حساب‌های کارکنان
staff-col-name = نام
staff-col-roles = نقش‌ها
staff-col-state = وضعیت
staff-state-active = فعال
staff-state-enrolling = هنوز راه‌اندازی نشده
staff-state-disabled = غیرفعال
role-admin = مدیر
role-caseworker = مددکار
role-organiser = سازمان‌دهنده
staff-invite-title = دعوت از یک همکار
staff-invite-intro = یک لینک یک‌بارمصرف از راه ایمیل برای او فرستاده می‌شود تا گذرواژه و احراز هویت دومرحله‌ای خود را تنظیم کند.
staff-invite-admin-hint = نقش مدیر پس از ثبت‌نام، از صفحهٔ همکار داده می‌شود و به تأیید یک مدیر دیگر نیاز دارد. نقش مددکار را می‌توان اینجا برگزید، اما تنها پس از تأیید یک مدیر دیگر (در صفحهٔ تأییدها) داده می‌شود.
staff-invite-submit = فرستادن دعوت‌نامه
staff-roles-legend = نقش‌های این حساب
staff-field-reason = دلیل
staff-roles-submit = ذخیرهٔ نقش‌ها
staff-access-heading = دسترسی
staff-disable-submit = غیرفعال کردن حساب
staff-enable-submit = فعال کردن حساب
staff-end-sessions-submit = خروج از همهٔ دستگاه‌ها
staff-reset-heading = بازنشانی احراز هویت دومرحله‌ای
staff-reset-text = اگر این همکار برنامهٔ احراز هویت خود را از دست داده است، بازنشانی گذرواژه و برنامهٔ احراز هویت او را حذف می‌کند و لینک تازهٔ ثبت‌نام را برایش ایمیل می‌کند. یک مدیر دیگر باید این کار را تأیید کند.
staff-reset-submit = پیشنهاد بازنشانی
staff-notice-invited = دعوت‌نامه فرستاده شد.
staff-notice-saved = ذخیره شد.
staff-notice-proposed = پیشنهاد ثبت شد. این تغییر زمانی اعمال می‌شود که مدیر دیگری آن را تأیید کند.
staff-notice-sessions-ended = همهٔ نشست‌های این حساب پایان یافت.
staff-notice-enabled = حساب فعال شد.
staff-notice-disabled = حساب غیرفعال شد و همهٔ نشست‌های آن پایان یافت.

## تأییدها
approvals-intro = برخی کارها به دو مدیر نیاز دارند: یکی پیشنهاد می‌دهد و دیگری تأیید می‌کند. تا پیش از تأیید، هیچ تغییری انجام نمی‌شود.
approvals-none = هیچ پیشنهادی ثبت نشده است.
approval-notice-approved = تأیید و انجام شد.
approval-notice-rejected = رد شد. هیچ چیزی تغییر نکرد.
approval-error-invalid = لطفاً «تأیید» یا «رد» را انتخاب کنید؛ یادداشت حداکثر می‌تواند ۵۰۰ نویسه باشد.
approval-error-not-found = چنین پیشنهادی وجود ندارد.
approval-error-already-decided = دربارهٔ این پیشنهاد پیش‌تر تصمیم گرفته شده است.
approval-error-expired = این پیشنهاد منقضی شده است. می‌توان آن را دوباره پیشنهاد داد.
approval-error-own-proposal = این پیشنهاد را خودتان داده‌اید؛ مدیر دیگری باید دربارهٔ آن تصمیم بگیرد.
approval-error-own-account = این پیشنهاد به حساب خود شما مربوط است؛ مدیر دیگری باید دربارهٔ آن تصمیم بگیرد.
approval-error-missing-role = فقط مدیران می‌توانند دربارهٔ این مورد تصمیم بگیرند.
approval-kind-staff-reset-second-factor = بازنشانی احراز هویت دومرحله‌ای
approval-proposer = پیشنهاددهنده
approval-status = وضعیت
approval-status-pending = در انتظار تأیید
approval-status-approved = تأییدشده
approval-status-rejected = ردشده
approval-status-expired = منقضی‌شده
approval-expires = زمان انقضا
approval-note = یادداشت (اختیاری)
approval-approve = تأیید
approval-reject = رد

## دفتر ثبت رویدادها
audit-intact = دفتر ثبت سالم است: درستی همهٔ موارد تأیید شد ({ $events } مورد).
audit-broken = هشدار: در دفتر ثبت دست برده شده است. نخستین مورد آسیب‌دیده، شمارهٔ { $seq } است.
audit-filter-action = کار با این عبارت شروع شود
audit-filter-actor = انجام‌دهنده
audit-filter-submit = فیلتر
audit-caption = موارد، از جدیدترین به قدیمی‌ترین (در مجموع { $total } مورد)
audit-col-time = زمان (UTC)
audit-col-actor = انجام‌دهنده
audit-col-action = کار
audit-col-subject = موضوع
audit-col-details = جزئیات
audit-pages = صفحه‌ها
audit-newer = جدیدتر
audit-older = قدیمی‌تر

## خطاهای فرم در صفحه‌های کارکنان
form-error-login-failed = نشانی ایمیل یا گذرواژه درست نیست، یا تعداد تلاش‌ها بیش از حد بوده است. لطفاً آن را بررسی کنید و چند دقیقهٔ دیگر دوباره تلاش کنید.
form-error-code-wrong = این کد درست نیست یا پیش‌تر استفاده شده است. کد کنونی برنامهٔ خود یا یکی از کدهای بازیابی را وارد کنید.
form-error-password-too-short = گذرواژه باید دست‌کم ۱۲ نویسه باشد.
form-error-password-common = این گذرواژه بیش از حد رایج است. گذرواژهٔ دیگری انتخاب کنید.
form-error-password-personal = گذرواژه را از نشانی ایمیل، نام خود یا نام این سامانه یا سازمان نسازید.
form-error-password-pattern = از نویسه‌های تکراری، دنباله‌هایی مانند ۱۲۳۴ یا abcd و ردیف کلیدهایی مانند qwerty پرهیز کنید.
form-error-password-guessable = این گذرواژه به‌آسانی حدس زده می‌شود. چند واژهٔ بی‌ربط کنار هم گذرواژهٔ نیرومندی می‌سازند.
form-error-password-mismatch = دو گذرواژه با هم یکسان نیستند.
form-error-email-invalid = نشانی ایمیلی مانند name@example.org وارد کنید (فقط با حروف سادهٔ لاتین).
form-error-email-exists = یک حساب کارکنان با این نشانی ایمیل از پیش وجود دارد.
form-error-name-invalid = نامی با حداکثر ۱۰۰ نویسه وارد کنید.
form-error-role-required = دست‌کم یک نقش انتخاب کنید.
form-error-own-account = نمی‌توانید این کار را روی حساب خودتان انجام دهید.
form-error-reason-required = دلیلی بنویسید؛ مدیری که تأیید می‌کند آن را خواهد دید.
form-error-last-admin = این آخرین مدیر فعال است؛ ابتدا شخص دیگری را مدیر کنید.

## ایمیل
email-staff-invite-subject = حساب کارکنان شما در «پیوند»
email-staff-invite-body = برای شما حسابی ساخته شده است. برای تعیین گذرواژهٔ خود، این لینک را باز کنید:
email-staff-invite-expiry = این لینک فقط یک بار کار می‌کند و پس از ۷۲ ساعت منقضی می‌شود. اگر انتظار این پیام را نداشتید، آن را نادیده بگیرید.

## Four-eyes rules, enrolment links
staff-roles-hint = دادن یا گرفتن نقش مدیر یا مددکار به دلیل و تأیید یک مدیر دیگر نیاز دارد.
staff-active-hint = برای حساب یک مدیر، دلیل را بنویسید: یک مدیر دیگر باید تأیید کند.
staff-own-account = این حساب خود شماست. نقش‌ها یا دسترسی آن را باید مدیر دیگری تغییر دهد.
staff-resend-heading = ثبت‌نام کامل نشده است
staff-resend-text = این همکار هنوز راه‌اندازی حساب خود را تمام نکرده است. می‌توانید لینک تازه‌ای بفرستید؛ لینک‌های قبلی دیگر کار نمی‌کنند.
staff-resend-submit = فرستادن لینک تازه
staff-notice-link-sent = لینک تازهٔ ثبت‌نام فرستاده شد.
approval-detail = پس از اجرا
approval-code = کد فعلی برنامهٔ احراز هویت شما (یا یک کد بازیابی)
approval-error-second-factor = کد احراز هویت درست نیست یا قبلاً استفاده شده است. برای تصمیم‌گیری به کد تازه نیاز است.
approval-error-no-longer-valid = این پیشنهاد دیگر معتبر نیست: پیشنهاددهنده یا حساب مربوط از آن زمان تغییر کرده است. هیچ کاری انجام نشد.
approval-kind-staff-set-roles = تغییر نقش‌ها (مدیر یا مددکار)
approval-kind-staff-set-active = فعال یا غیرفعال کردن یک مدیر
form-error-admin-needs-approval = نقش مدیر را نمی‌توان با دعوت‌نامه داد. ابتدا همکار را دعوت کنید، سپس نقش را از صفحهٔ او بدهید.
form-error-already-enrolled = این حساب احراز هویت دومرحله‌ای دارد؛ به‌جای آن بازنشانی را پیشنهاد کنید.
email-staff-reenrol-subject = حساب خود را دوباره راه‌اندازی کنید
email-staff-reenrol-body = حساب شما باید دوباره راه‌اندازی شود. برای انتخاب گذرواژه و برنامهٔ احراز هویت تازه این لینک را باز کنید:

mail-title = ایمیل
staff-home-mail-text = ایمیل‌هایی که در انتظار ارسال‌اند و ایمیل‌هایی که تحویل نشدند.
staff-home-failed-mail = برخی ایمیل‌ها تحویل نشدند: { $count } ایمیل ناموفق. صفحهٔ ایمیل را ببینید.
mail-intro = هر ایمیل تا { $days } روز، با فاصله‌هایی که تا یک ساعت بیشتر می‌شوند، دوباره فرستاده می‌شود و سپس ناموفق علامت می‌خورد؛ اگر سرور ایمیل آن را قطعاً رد کند، همان دم ناموفق علامت می‌خورد. ایمیل‌های ناموفق نگه داشته می‌شوند تا بتوان دوباره فرستادشان.
mail-notice-retried = ایمیل اکنون دوباره فرستاده می‌شود.
mail-notice-none = ایمیل ناموفقی برای فرستادن دوباره نبود.
mail-pending-title = در انتظار
mail-pending = ایمیل‌های در انتظار ارسال یا تلاش دوباره: { $count }
mail-oldest-pending = قدیمی‌ترینشان در { $at } (UTC) در صف قرار گرفت ({ $hours } ساعت پیش).
mail-failed-title = ناموفق
mail-failed = ایمیل‌های ناموفق: { $count }
mail-retry-all = فرستادن دوبارهٔ همهٔ ایمیل‌های ناموفق
mail-failed-list = ایمیل‌های ناموفق
mail-failed-private = گیرنده و متن هر ایمیل اطلاعات شخصی است، پس اینجا نشان داده نمی‌شود.
mail-failed-more = { $shown } مورد تازه‌تر فهرست شده‌اند.
mail-failed-caption = ایمیل‌های ناموفق، از تازه‌ترین
mail-queued = زمان ورود به صف (UTC)
mail-age = عمر
mail-attempts = تلاش‌ها
mail-last-error = آخرین خطا
mail-hours = { $hours } ساعت
mail-retry = فرستادن دوباره
mail-error-permanent = سرور ایمیل آن را رد کرد (پاسخ { $reply })
mail-error-transient = سرور ایمیل آن را به تعویق انداخت (پاسخ { $reply })
mail-error-timeout = سرور ایمیل به‌موقع پاسخ نداد
mail-error-tls = اتصال امن برقرار نشد
mail-error-connection = اتصال به سرور ایمیل برقرار نشد یا قطع شد
mail-error-file = پوشهٔ ایمیل‌ها نوشته نشد
mail-error-address = نشانی معتبر نیست
mail-error-stored = ایمیل ذخیره‌شده خوانده نمی‌شود
mail-error-other = خطای دیگر

email-staff-login-alert-subject = ورودهای ناموفق پیاپی به حساب کارکنان
email-staff-login-alert-body = کسی بارها نتوانسته است وارد یک حساب کارکنان شود. این نشانی برای مدتی برای مرورگرهایی که پیش‌تر با آن وارد نشده‌اند قفل است؛ مرورگر خود آن همکار همچنان می‌تواند وارد شود. جزئیات در گزارش رویدادها است:
email-staff-login-alert-note = برای یک نشانی در هر ساعت حداکثر یک ایمیل از این دست می‌گیرید. تا وقتی تلاش‌ها ادامه پیدا نکند، کاری لازم نیست.
