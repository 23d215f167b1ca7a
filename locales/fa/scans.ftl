# نامه‌های اسکن‌شده: نامه‌های کاغذی و نامهٔ پاسخ مقام رسمی.
form-error-scan-missing = یک پرونده انتخاب کنید.
form-error-scan-too-large = این پرونده از ۱۰ مگابایت بزرگ‌تر است. صفحه را با وضوح کمتر دوباره اسکن کنید (۳۰۰ نقطه در اینچ کافی است) یا عکس را کوچک‌تر ذخیره کنید.
form-error-scan-pdf = پروندهٔ PDF اینجا پذیرفته نمی‌شود. لطفاً عکس یا اسکن صفحه را به صورت تصویر JPEG یا PNG بارگذاری کنید.
form-error-scan-not-image = این پرونده تصویر JPEG یا PNG نیست. لطفاً عکس یا اسکن صفحه را بارگذاری کنید.
form-error-scan-too-many-pixels = این تصویر بیش از اندازه پیکسل دارد (بیش از ۱۰٬۰۰۰ در یک ضلع، یا بیش از آنچه کارساز باز می‌کند). صفحه را با ۳۰۰ نقطه در اینچ دوباره اسکن کنید.
form-error-scan-unreadable = این تصویر آسیب دیده و خوانده نمی‌شود. لطفاً آن را دوباره ذخیره یا اسکن کنید.
form-error-scan-form = بارگذاری خوانده نشد. لطفاً پرونده را دوباره انتخاب کنید و فرم را دوباره بفرستید.
form-error-paper-letter-batch-closed = این دسته بررسی شده است: نامه را فقط تا پیش از بررسی دسته می‌توان افزود.
form-error-paper-letter-no-line = این دسته در این برگه و این سطر امضایی ندارد.
form-error-paper-letter-exists = این امضا از پیش نامه‌ای دارد.
form-error-paper-letter-empty = متن نامه را تایپ کنید، اسکن آن را پیوست کنید، یا هر دو.
form-error-answer-scan-no-answer = نخست پاسخ را ثبت کنید: نامهٔ اسکن‌شده به یک پاسخ ثبت‌شده تعلق دارد.
audit-action-paper-letter-add = یک نامهٔ کاغذی به امضای کاغذی افزود
audit-action-paper-letter-scan-view = اسکن یک نامهٔ کاغذی را خواند
audit-action-edition-handover-answer-scan = اسکن نامهٔ پاسخ مقام رسمی را پیوست کرد
paper-letters-link = نامه‌های کاغذی این دسته
paper-letters-title = نامه‌های کاغذی — دستهٔ { $id }
paper-letters-intro = نامهٔ دست‌نویسی که همراه یک امضای این دسته گردآوری شده: متن آن را تایپ کنید، اسکن یا عکس آن را پیوست کنید، یا هر دو. این نامه مانند هر نامهٔ دیگری در انتظار بازبینی می‌ماند و تنها پس از آن‌که همکاری دسته را بررسی کرد به کتاب راه می‌یابد.
paper-letters-none = هنوز نامهٔ کاغذی به این دسته افزوده نشده است.
paper-letters-add = افزودن نامهٔ کاغذی
paper-letters-sheet = برگه
paper-letters-line = سطر
paper-letters-text = متن تایپ‌شدهٔ نامه
paper-letters-text-hint = اگر اسکن پیوست شود اختیاری است؛ حداکثر ۵٬۰۰۰ نویسه.
paper-letters-scan = اسکن یا عکس نامه
paper-letters-scan-hint = JPEG یا PNG، حداکثر ۱۰ مگابایت. نسخهٔ نگه‌داشته‌شده دوباره رمزگذاری می‌شود، حداکثر ۲٬۰۰۰ پیکسل در هر ضلع، و بدون داده‌های پنهان پرونده (دوربین، مکان، تاریخ).
paper-letters-submit = افزودن نامه
paper-letters-added = نامه افزوده شد و در انتظار بازبینی است.
paper-letters-closed = این دسته بررسی یا رد شده است: دیگر نامه‌ای نمی‌توان افزود.
paper-letters-scanned = اسکن پیوست شده
paper-letters-view-scan = باز کردن اسکن
paper-letters-state = بازبینی: { $state ->
    [pending] در انتظار
    [approved] پذیرفته
    [rejected] ردشده
   *[other] —
}
letters-on-paper = نامهٔ کاغذی
letters-scan-alt = اسکن نامه
answer-scan-link = نامهٔ پاسخ مقام رسمی (اسکن)
answer-scan-title = نامهٔ پاسخ مقام رسمی
answer-scan-intro = اسکن یا عکس نامه‌ای را که مقامات در پاسخ فرستاده‌اند پیوست کنید. این نامه در صفحهٔ عمومی دادخواست نشان داده می‌شود، پس همان‌گونه که نشان داده می‌شود نگه داشته می‌شود: دوباره رمزگذاری‌شده، حداکثر ۲٬۰۰۰ پیکسل در هر ضلع، بدون داده‌های پنهان پرونده.
answer-scan-current = نامه‌ای که اکنون نشان داده می‌شود:
answer-scan-none = هیچ نامهٔ اسکن‌شده‌ای به این پاسخ پیوست نشده است.
answer-scan-file = اسکن یا عکس نامهٔ پاسخ
answer-scan-submit = پیوست کردن نامه
answer-scan-replace = پیوست کردن نامه‌ای دیگر جای نامهٔ نشان‌داده‌شده را می‌گیرد (نامهٔ پیشین در سوابق می‌ماند).
answer-scan-saved = نامه پیوست شد و در صفحهٔ دادخواست نشان داده می‌شود.
answer-scan-back = بازگشت به ویراست
progress-answer-letter = خواندن نامهٔ مقام رسمی (اسکن)
progress-answer-letter-alt = اسکن نامهٔ پاسخ مقام رسمی
