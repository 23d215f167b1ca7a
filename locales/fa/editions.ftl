## کتاب طومار (چاپ‌شده برای مقام‌ها)

book-petition-book = کتاب طومار
book-edition = نسخه
book-volume = جلد
book-page = صفحه
book-addressed-to = خطاب به
book-cut-off = امضاهای تأییدشده تا تاریخ
book-signatures = امضاها
book-letters = نامه‌ها
book-by-country = امضاها بر حسب کشور
book-by-relationship = امضاها بر حسب نسبت با عزیزی در اردوگاه
book-relationship-not-stated = اعلام‌نشده
book-key-fingerprint = اثر انگشت کلید امضای سازمان
book-petition-text = متن طومار
book-col-number = شماره
book-col-name = نام
book-col-city = شهر
book-col-country = کشور
book-col-date = تاریخ
book-col-receipt = کد رسید
book-range = امضاها
book-verification = راستی‌آزمایی این کتاب
book-merkle-root = اثر انگشت فهرست امضاها (ریشهٔ Merkle)
book-public-key = کلید عمومی سازمان (Ed25519)
book-how-to-verify = این کتاب بخشی از بسته‌ای با امضای دیجیتال (یک فایل ZIP) است که سازمان در صورت درخواست ارائه می‌کند. این بسته شامل این کتاب، فهرست امضاها به صورت صفحه‌گسترده (CSV)، نامه‌ها و یک فهرست محتویات است که هش SHA-256 هر یک از فایل‌ها و اثر انگشت فهرست امضاها را، که در بالا چاپ شده است، در بر دارد. فهرست محتویات با کلید سازمان امضا شده است؛ اثر انگشت این کلید روی جلد چاپ شده است.

    هر کس می‌تواند با فرمان زیر بررسی کند که چیزی افزوده، حذف یا تغییر داده نشده است. هر امضاکننده یک کد رسید دریافت کرده است؛ وارد کردن آن همراه با ‎--receipt ثابت می‌کند که امضای او در این نسخه آمده است، بی‌آنکه چیزی دربارهٔ دیگران آشکار شود.

## کارکنان: نسخه‌ها

editions-title = نسخه‌ها
editions-intro = هر نسخه، امضاهای تأییدشده و نامه‌های تأییدشدهٔ همین لحظه را تثبیت می‌کند. امضاهایی که بعداً پس گرفته یا باطل شوند آن را تغییر نمی‌دهند؛ نسخهٔ بعدی آن‌ها را به حساب می‌آورد. بستهٔ هر نسخه شامل کتاب، یک صفحه‌گسترده، نامه‌ها و یک فهرست محتویات امضاشده است.
editions-freeze = تثبیت نسخه‌ای تازه
editions-locale = زبان عنوان‌های کتاب
editions-none = هنوز نسخه‌ای وجود ندارد.
editions-caption = نسخه‌های این طومار
edition-number = نسخهٔ { $number }
edition-col-number = نسخه
edition-col-cut-off = زمان تثبیت
edition-col-total = امضاها
edition-col-letters = نامه‌ها
edition-col-changes = نسبت به نسخهٔ قبلی
edition-changes = { $added } افزوده‌شده، { $withdrawn } پس‌گرفته‌شده، { $invalidated } باطل‌شده
edition-state-building = در حال ساخت
edition-state-ready = آماده
edition-state-failed = ناموفق
edition-state-stale = متوقف‌شده
edition-interrupted = ساخت بسته نیمه‌کاره ماند: فرایندی که آن را می‌ساخت پیش از پایان متوقف شد (خاموش شد یا از کار افتاد). چیزی منتشر نشده است؛ دوباره تلاش کنید.
edition-notice-retried = بسته برای ساخت دوباره فرستاده شد.
edition-error-live = این ساخت را نمی‌توان دوباره آغاز کرد: سازنده‌ای فعال روی آن کار می‌کند (یا در انتظار یکی است). کمی بعد دوباره بررسی کنید.
edition-error-ready = این نسخه آماده است؛ چیزی برای تلاش دوباره نیست.
edition-building = بسته در حال ساخت است ({ $percent }٪).
edition-check-again = دوباره بررسی کنید
edition-failed = ساخت بسته ناموفق بود: { $error }
edition-retry = تلاش دوباره
edition-download = دریافت بستهٔ امضاشده
edition-merkle = ریشهٔ Merkle
edition-sha = هش SHA-256 بسته
edition-fingerprint = اثر انگشت کلید عمومی
edition-verify-hint = هر کس می‌تواند بسته را با این فرمان بررسی کند: peyvand bundle verify FILE.zip --fingerprint "…" (اثر انگشت کلید عمومی بالا). بدون --key یا --fingerprint فرمان نمی‌تواند بگوید کلیدِ چه کسی آن را امضا کرده و با کد خروج ۴ پایان می‌یابد.
edition-notice-frozen = نسخه تثبیت شد؛ بستهٔ آن در حال ساخت است.
edition-notice-handover = تحویل ثبت شد.
edition-error-empty = هیچ امضای تأییدشده‌ای برای قرار دادن در نسخه وجود ندارد.
edition-error-building = نسخهٔ دیگری از این طومار هنوز در حال ساخت است. صبر کنید تا آماده شود.
form-error-edition-not-ready = تحویل‌ها را فقط پس از آماده شدن بسته می‌توان ثبت کرد.

handovers-title = تحویل‌ها
handovers-none = هنوز تحویل داده نشده است.
handover-add = ثبت تحویل
handover-recipient = تحویل‌گیرنده
handover-office = دفتر
handover-date = روز
handover-form = شیوهٔ تحویل
handover-form-print = کتاب چاپی
handover-form-pdf = PDF
handover-form-usb = حافظهٔ USB
handover-acknowledgement = اعلام وصول آنان (اختیاری)
handover-answer = پاسخ آنان (اختیاری)

## عمومی: بررسی امضا

receipt-title = آیا امضای من در کتاب آمده است؟
receipt-intro = در ایمیل تأییدی که دریافت کرده‌اید یک کد رسید هست. آن را وارد کنید تا بدانید امضایتان در نسخه‌ای که به مقام‌ها تحویل شده آمده است یا نه. هیچ چیز دیگری نشان داده نمی‌شود.
receipt-code = کد رسید
receipt-submit = بررسی
receipt-included = امضای شما در نسخهٔ { $number } این طومار آمده است.
receipt-not-found = هیچ نسخه‌ای از این طومار (هنوز) این کد رسید را در بر ندارد. نسخه‌ها هنگام تحویل طومار، از امضاهای تأییدشده ساخته می‌شوند.
receipt-link = بررسی کنید که امضایتان در کتاب آمده است یا نه
verify-heading = راستی‌آزمایی کتاب طومار
verify-fingerprint = کتاب طومار و بستهٔ امضاشدهٔ آن کلید سازمان را با خود دارند. اثر انگشت آن این است:

withdraw-frozen = امضای شما پیش‌تر در نسخهٔ { $editions } آمده است که به مقام‌ها تحویل شده؛ آن نسخه دیگر تغییر نمی‌کند. با پس گرفتن امضا، امضای شما از شمارش و از همهٔ نسخه‌های بعدی حذف می‌شود و اطلاعاتتان در اینجا پاک می‌شود.

form-error-receipt-invalid = کد را همان‌طور که در ایمیلتان آمده است وارد کنید، مانند ABCD-EFGH-JKMN.
form-error-handover-form = شیوهٔ تحویل را انتخاب کنید.
