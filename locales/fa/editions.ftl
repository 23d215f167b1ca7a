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
book-col-date = تاریخ (میلادی، UTC)
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

## The bundle's read-me and the public bundle check (/verify)

book-verify-online = بستهٔ امضاشده را می‌توانید بدون هیچ نرم‌افزار ویژه‌ای در مرورگر هم بررسی کنید: آن را در { $url } بارگذاری کنید. راهنمای درون بسته (README.txt) می‌گوید هر فایل چیست.
bundle-readme =
    دربارهٔ این بسته (فارسی)
    
    این فایل ZIP بستهٔ دارای امضای دیجیتال نسخهٔ { $edition } طومار «{ $slug }» است که { $organisation } آن را ساخته است. در آن هست:
    
      README.txt          همین متن
      book/volume-N.pdf   کتاب طومار، همان‌گونه که چاپ و تحویل داده شد
      signatures.csv      فهرست امضاها، برای برنامه‌های صفحه‌گسترده
      entries.jsonl       همان فهرست، هر امضا در یک سطر؛ اثر انگشت این سطرها (ریشهٔ مرکل) در کتاب چاپ شده است
      letters/N.txt       نامه‌های شخصی، اگر باشد، با شمارهٔ امضاها
      manifest.json       اندازه و هش SHA-256 هر فایل، شمارش‌ها، ریشهٔ مرکل و کلید عمومی سازمان
      manifest.sig        امضای دیجیتال سازمان (Ed25519) بر manifest.json
    
    چگونه آن را بررسی کنیم
    
      در مرورگر: { $url } را باز کنید و این فایل ZIP را همان‌گونه که دریافت کرده‌اید بارگذاری کنید. آن صفحه همهٔ فایل‌ها، اثر انگشت فهرست امضاها و امضای دیجیتال را بررسی می‌کند و کلید را با کلید سازمان می‌سنجد.
      در خط فرمان: peyvand bundle verify BUNDLE.zip --fingerprint "{ $fingerprint }"
    
    در هر دو حال، اثر انگشت کلید باید همانی باشد که روی جلد کتاب چاپ شده است:
      { $fingerprint }
    هر امضاکننده می‌تواند با کد رسید ایمیل تأیید خود ببیند که امضایش در این نسخه هست.

bundle-check-title = بررسی بستهٔ طومار
bundle-check-intro = اگر کتاب طوماری از ما دریافت کرده‌اید، اینجا می‌توانید بررسی کنید که بستهٔ امضاشدهٔ آن (فایل ZIP که همراه کتاب داده شده) کامل و دست‌نخورده است و سازمان ما آن را امضا کرده است. این همان بررسی‌های فرمان peyvand bundle verify است. فایل بررسی و سپس دور ریخته می‌شود؛ چیزی نگه داشته نمی‌شود.
bundle-check-our-key = اثر انگشت کلید امضای سازمان ما این است؛ روی جلد کتاب هم چاپ شده است:
bundle-check-file = بسته (فایل ZIP، حداکثر { $size } مگابایت)
bundle-check-fingerprint = اثر انگشتی که روی جلد کتاب شما چاپ شده (اختیاری)
bundle-check-fingerprint-hint = ۶۴ حرف و رقم؛ فاصله‌ها مهم نیستند.
bundle-check-receipt = یک کد رسید برای جست‌وجو (اختیاری)
bundle-check-submit = بررسی بسته
bundle-check-result = نتیجه
bundle-check-ok = این بسته اصیل است: کامل است، هیچ فایلی تغییر نکرده و با کلید سازمان ما امضا شده است.
bundle-check-other-key = بسته کامل و دست‌نخورده است، اما با کلیدی جز کلید سازمان ما امضا شده است: این بسته‌ای نیست که ما ساخته‌ایم.
bundle-check-book-differs = بسته با کلید سازمان ما امضا شده است، اما اثر انگشتی که از کتاب وارد کردید با آن فرق دارد: آنچه را نوشته‌اید بررسی کنید؛ اگر درست است، این کتاب از ما نیست.
bundle-check-failed = این بسته از بررسی‌ها سربلند بیرون نیامد. به آن اعتماد نکنید.
bundle-check-files = فایل‌ها دست‌نخورده‌اند: هر { $files } فایل همان اندازه و هش SHA-256 را دارند که در فهرست محتویات آمده است؛ هیچ فایلی کم یا اضافه نشده است.
bundle-check-merkle = فهرست امضاها دست‌نخورده است: اثر انگشت آن (ریشهٔ مرکل) که از { $count } سطر آن دوباره محاسبه شد، همان اثر انگشت امضاشده است:
bundle-check-signature = امضای دیجیتال معتبر است و با کلیدی با این اثر انگشت ساخته شده است:
bundle-check-key-ours = این کلید سازمان ماست (همان که این تارنما به کار می‌برد).
bundle-check-key-not-ours = این کلید سازمان ما نیست. کلید ما این است:
bundle-check-key-book-same = همان اثر انگشتی است که از کتاب وارد کردید.
bundle-check-key-book-differs = این اثر انگشتی که از کتاب وارد کردید نیست.
bundle-check-edition = نسخهٔ { $edition } طومار «{ $title }» از { $organisation }، امضاهای تأییدشده تا { $cutoff }: { $signatures } امضا، { $letters } نامه، { $volumes } جلد کتاب.
bundle-check-receipt-included = کد رسید { $code } در این نسخه هست: سطر { $number } از { $total }، با اثبات اینکه در فهرست امضاشده است.
bundle-check-receipt-missing = کد رسید { $code } در این نسخه نیست.
bundle-check-technical = جزئیات فنی (همان‌گونه که فرمان peyvand bundle verify گزارش می‌کند):
bundle-problem-not-zip = این فایل یک بایگانی ZIP نیست، یا آسیب دیده یا ناقص است. بسته را دقیقاً همان‌گونه که دریافت کرده‌اید بارگذاری کنید.
bundle-problem-ambiguous = این بایگانی ZIP طوری ساخته شده که می‌تواند به برنامه‌های گوناگون فایل‌های گوناگون نشان دهد. ما هرگز چنین بایگانی‌ای نمی‌سازیم: در آن دست برده‌اند.
bundle-problem-unexpected-name = بایگانی فایلی دارد که در هیچ بسته‌ای نیست: { $file }.
bundle-problem-missing = فایلی از بسته کم است: { $file }. آن را برداشته‌اند.
bundle-problem-added = فایلی به بسته افزوده شده که در فهرست محتویات نیست: { $file }.
bundle-problem-corrupt = فایل { $file } درون بایگانی آسیب دیده است.
bundle-problem-malformed = فایل { $file } به شکلی که در بسته باید باشد نیست.
bundle-problem-tampered = فایل { $file } پس از امضای بسته تغییر کرده است: محتوای آن دیگر با هش آن در فهرست محتویات نمی‌خواند. در این بسته دست برده‌اند.
bundle-problem-merkle = فهرست امضاها با اثر انگشت امضاشدهٔ خود (ریشهٔ مرکل) نمی‌خواند: سطرهایی تغییر کرده، افزوده یا برداشته شده است.
bundle-problem-signature = امضای دیجیتال با فهرست محتویات نمی‌خواند: فهرست محتویات یا امضای آن تغییر کرده است.
bundle-problem-forged = فهرست محتویات اثر انگشتی برای کلید نوشته که از آنِ کلیدی که آن را امضا کرده نیست: فهرست محتویات جعلی است.
bundle-problem-unreadable = بسته خوانده نشد. لطفاً دوباره بکوشید.
bundle-problem-too-large = این فایل از { $size } مگابایتی که این صفحه می‌پذیرد بزرگ‌تر است. یک بستهٔ واقعی با ۱۰۰٬۰۰۰ امضا حدود ۱۴۰ مگابایت است.
bundle-problem-not-a-form = فایل به صورت بارگذاری فرم نرسید. از فرم همین صفحه استفاده کنید.
form-error-bundle-missing = فایل ZIP بسته را انتخاب کنید.
form-error-fingerprint-invalid = ۶۴ حرف و رقمی را که روی جلد کتاب چاپ شده وارد کنید، یا این خانه را خالی بگذارید.
form-error-date-future = تاریخ تحویل نمی‌تواند در آینده باشد: روزی را که تحویل انجام شد وارد کنید.

## Later answers to a hand-over

edition-notice-answer = پاسخ ثبت شد.
handover-later-answer = پاسخی که دادند
handover-answered-on = تاریخ پاسخ
handover-answer-add = افزودن پاسخ آن‌ها
handover-answer-replace = اصلاح پاسخ آن‌ها
handover-answer-save = ذخیرهٔ پاسخ
form-error-answer-date-future = تاریخ پاسخ نمی‌تواند در آینده باشد: روزی را که پاسخ داده شد وارد کنید.
form-error-answer-before-handover = تاریخ پاسخ نمی‌تواند پیش از تاریخ تحویل باشد: هر دو تاریخ را بررسی کنید.
edition-notice-removed = این تحویل حذف‌شده علامت خورد. در سابقه باقی می‌ماند.
handover-removed = حذف‌شده: در سابقه نگه داشته می‌شود و دیگر شمرده نمی‌شود.
handover-remove = حذف این تحویل
handover-remove-explained = چیزی پاک نمی‌شود: این تحویل همین‌جا با علامت حذف‌شده می‌ماند و حذف آن با نام شما ثبت می‌شود.
handover-remove-confirm = علامت حذف‌شده بزن
# تحویل‌هایی که درست می‌مانند (شمارهٔ ۱۷): چگونگی تحویل، اصلاح‌ها با تاریخچه، پاسخ به هر زبان، و علامت‌زدن «تحویل‌شده».
handover-channel = چگونه به دستشان رسید (اختیاری)
handover-channel-in_person = حضوری
handover-channel-post = با پست
handover-channel-email = با ایمیل
handover-edit = اصلاح این تحویل
handover-edit-save = ذخیرهٔ اصلاح
edition-notice-edited = تحویل اصلاح شد؛ این تغییر در تاریخچهٔ آن می‌ماند.
handover-answer-languages = پاسخ را دست‌کم به یک زبان خلاصه کنید؛ خوانندگان زبان خود را می‌بینند، یا زبانی دیگر با یک توضیح.
handover-later-answer-en = پاسخ آنها، به انگلیسی
handover-later-answer-fa = پاسخ آنها، به فارسی
handover-later-answer-fr = پاسخ آنها، به فرانسوی
form-error-answer-summary-needed = پاسخ را دست‌کم به یک زبان خلاصه کنید.
handover-history-title = تاریخچهٔ این تحویل
handover-history-edit = { $when }: { $who } آن را اصلاح کرد: { $changes }.
handover-history-answer = { $when }: { $who } پاسخ را ثبت کرد: { $changes }.
handover-history-remove = { $when }: { $who } آن را حذف‌شده علامت زد.
handover-history-someone = یکی از کارکنان پیشین
handover-history-change = { $field } از «{ $before }» به «{ $after }»
handover-history-set = { $field }: «{ $after }»
handover-history-cleared = { $field } پاک شد (پیش‌تر «{ $before }» بود)
handover-field-recipient = گیرنده
handover-field-office = اداره
handover-field-handed-on = روز
handover-field-form = شکل
handover-field-channel = چگونگی رسیدن
handover-field-answer-en = پاسخ به انگلیسی
handover-field-answer-fa = پاسخ به فارسی
handover-field-answer-fr = پاسخ به فرانسوی
handover-field-answered-on = روز پاسخ
progress-answer-fallback = هنوز به زبان شما خلاصه نشده است: به { $language } نشان داده می‌شود.
petition-deliver-title = این دادخواست «تحویل‌شده» علامت زده شود؟
petition-deliver-explained = با علامت‌زدن «تحویل‌شده» دورهٔ نگهداری آغاز می‌شود: داده‌های شخصی امضاکنندگان (نام، نشانی، شهر، نامه) از { $date } پاک می‌شود. شمارش‌ها، کشورها و اثر انگشت نسخه‌ها می‌مانند.
petition-deliver-handovers = تحویل‌های ثبت‌شده:
petition-deliver-confirm = بله، «تحویل‌شده» علامت بزن
petition-deliver-cancel = اکنون نه، بازگشت به دادخواست
petition-error-no-handover = دادخواست تنها پس از ثبت تحویلِ یکی از نسخه‌هایش (و حذف‌نشدن آن) می‌تواند «تحویل‌شده» علامت زده شود.
progress-language-en = انگلیسی
progress-language-fa = فارسی
progress-language-fr = فرانسوی
news-from-answer = پیش‌نویس‌شده از یک پاسخ
news-answer-subject = مسئولان به دادخواست پاسخ دادند
news-answer-body = در { $date }، { $office } به دادخواست پاسخ داد: { $summary }
