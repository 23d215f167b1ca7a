## کارکنان: مدیریت طومارها و کنترل امضاها

yes = بله
no = خیر
save = ذخیره
remove = حذف
actions = کارها

petition-new-title = طومار تازه
petition-edit-title = ویرایش پیش‌نویس
petition-form-intro = طومار تا زمانی که یکی از مدیران آن را منتشر کند، پیش‌نویس می‌ماند و فقط کارکنان آن را می‌بینند. پس از انتشار، متن آن دیگر قابل تغییر نیست.
petition-field-slug = نام در نشانی وب
petition-field-slug-hint = ۳ تا ۶۰ حرف کوچک لاتین، رقم و خط تیره؛ برای نمونه let-families-visit. این نام در نشانی طومار می‌آید.
petition-field-addressees = خطاب به
petition-field-addressees-hint = مقام‌ها یا نهادهایی که طومار خطاب به آن‌هاست، هر کدام در یک سطر.
petition-field-goal = هدف تعداد امضا (اختیاری)
petition-field-opens = تاریخ آغاز امضا (اختیاری)
petition-field-closes = تاریخ پایان امضا (اختیاری)
petition-field-letters = امضاکنندگان می‌توانند نامه‌ای شخصی به مقام‌های مسئول بنویسند
petition-texts-hint = طومار را دست‌کم به یک زبان بنویسید. اگر متن به زبان بازدیدکننده موجود باشد، همان را می‌بیند؛ وگرنه متن به زبانی دیگر، همراه با یادداشتی در این باره، نمایش داده می‌شود.
petition-field-title = عنوان
petition-field-summary = خلاصه (یک بند کوتاه)
petition-field-body = متن (میان بندها یک سطر خالی بگذارید)
petition-save = ذخیرهٔ پیش‌نویس
petition-verified = امضاهای تأییدشده
petition-state-draft = پیش‌نویس
petition-state-open = باز
petition-state-closed = بسته
petition-state-delivered = تحویل‌شده
petition-state-heading = تغییر وضعیت
petition-move-open = انتشار و آغاز امضا
petition-move-closed = پایان امضا
petition-move-delivered = ثبت تحویل به مقام‌های مسئول
petition-notice-created = پیش‌نویس ساخته شد.
petition-notice-saved = پیش‌نویس ذخیره شد.
petition-notice-state = وضعیت طومار تغییر کرد.
petition-error-state = این تغییر از وضعیت کنونی طومار ممکن نیست.
petitions-new-link = نوشتن طومار تازه

signing-controls = کنترل امضاها
signing-notice-saved = ذخیره شد.
signing-notice-removed = حذف شد.
signing-notice-counted = این امضاها اکنون شمرده می‌شوند.
signing-notice-applied = ابطال اعمال شد.
signing-notice-reversed = ابطال لغو شد؛ امضاهای آن دوباره شمرده می‌شوند.

email-rules-title = قواعد نشانی‌های ایمیل
email-rules-intro = این قواعد تعیین می‌کنند که چه زمانی دو نشانی به یک نفر تعلق دارند، تا هر کس فقط یک بار امضا کند. این قواعد روی امضاهایی اعمال می‌شوند که از این پس گرفته می‌شوند.
email-rules-caption = قواعد بر حسب دامنه
email-rules-domain = دامنهٔ ایمیل
email-rules-dots = نقطه‌ها در بخش نام اهمیتی ندارند
email-rules-plus = برچسب +tag در بخش نام اهمیتی ندارد
email-rules-alias = نام دیگر این دامنه (اختیاری)
email-rules-add = افزودن یا تغییر قاعده
email-rules-hint = اگر قاعده‌ای نباشد، برچسب +tag نادیده گرفته می‌شود و نقطه‌ها به حساب می‌آیند.

access-lists-title = فهرست‌های مسدود و مجاز
access-lists-intro = امضاهایی که با یکی از موارد فهرست مسدود مطابقت دارند نگه داشته می‌شوند اما هرگز شمرده نمی‌شوند، و امضاکننده همان پاسخ همیشگی را می‌بیند. موارد فهرست مجاز هرگز مسدود نمی‌شوند و محدودیت سرعت هم برایشان اعمال نمی‌شود. نشانی‌ها و دامنه‌ها فقط به صورت هش کلیددار ذخیره می‌شوند.
access-lists-caption = موارد فعال
access-list = فهرست
access-list-block = مسدود
access-list-allow = مجاز
access-kind = نوع
access-kind-ip_range = نشانی یا بازهٔ IP
access-kind-ip_hash = هش IP
access-kind-email_domain = دامنهٔ ایمیل
access-kind-email = نشانی ایمیل
access-value = مقدار
access-value-hint = برای نمونه 203.0.113.0/24، یک هش از صفحهٔ روند امضاها، example.org یا name@example.org.
access-note = دلیل
access-added = زمان افزودن (UTC)
access-add = افزودن مورد

trending-title = روند امضاها
trending-intro = امضاهای یک ساعت و ۲۴ ساعت گذشته بر حسب هش IP و دامنهٔ ایمیل، در همهٔ طومارها. فقط هش‌ها ذخیره می‌شوند؛ دامنه‌های رایج با نام نشان داده می‌شوند.
trending-chart-title = امضاها در هر ساعت، ۲۴ ساعت گذشته (UTC)
trending-chart-empty = در ۲۴ ساعت گذشته هیچ امضایی نرسیده است.
trending-hour = یک ساعت گذشته
trending-day = ۲۴ ساعت گذشته
trending-ips-hour = هش‌های IP، یک ساعت گذشته
trending-ips-day = هش‌های IP، ۲۴ ساعت گذشته
trending-domains-hour = دامنه‌های ایمیل، یک ساعت گذشته
trending-domains-day = دامنه‌های ایمیل، ۲۴ ساعت گذشته
trending-ip = هش IP
trending-domain = دامنهٔ ایمیل
trending-signatures = امضاها
trending-confirmed = تأییدشده
trending-shadow = شمرده‌نشده
trending-block = مسدود کردن
trending-none = موردی نیست.

shadow-title = امضاهای بیرون از شمارش
shadow-intro = این امضاها با یکی از فهرست‌ها مسدود شده‌اند یا با سرعت زیاد از یک شبکه آمده‌اند. امضاکنندگانشان همان پاسخ همیشگی را دیده‌اند. اگر واقعی هستند، بگذارید شمرده شوند؛ دلیل این کار ثبت می‌شود.
shadow-caption = شمرده‌نشده‌ها، بر حسب هش IP
shadow-reason = دلیل شمردن آن‌ها
shadow-first = نخستین (UTC)
shadow-last = آخرین (UTC)
shadow-count = شمردن این‌ها
shadow-count-all = شمردن همهٔ آن‌ها
shadow-none = هیچ امضایی از این طومار بیرون از شمارش نیست.

invalidations-title = ابطال‌ها
invalidations-intro = ابطال، امضاهای تأییدشده را بر اساس شرط‌هایی که تعیین می‌کنید از شمارش خارج می‌کند. چیزی پاک نمی‌شود و می‌توان آن را لغو کرد. ابتدا پیش‌نمایش را ببینید: ابطال فقط در صورتی اعمال می‌شود که هنوز دقیقاً همان تعداد نشان‌داده‌شده را خارج کند.
invalidations-new = ابطال تازه
invalidations-from = از روز (UTC)
invalidations-to = تا روز (UTC، با احتساب همان روز)
invalidations-name = نام شامل این عبارت باشد
invalidations-reason = دلیل
invalidations-preview = پیش‌نمایش
invalidations-preview-heading = پیش‌نمایش
invalidations-preview-count = { $count ->
    [one] با این کار { $count } امضای تأییدشده از شمارش خارج خواهد شد.
   *[other] با این کار { $count } امضای تأییدشده از شمارش خارج خواهد شد.
}
invalidations-apply = اعمال
invalidations-done = ابطال‌های اعمال‌شده
invalidations-caption = ابطال‌های این طومار
invalidations-rule = شرط‌ها
invalidations-reversed = لغوشده
invalidations-reverse-reason = دلیل لغو
invalidations-reverse = لغو
invalidations-none = هنوز موردی نیست.

form-error-slug-invalid = از ۳ تا ۶۰ حرف کوچک لاتین، رقم و خط تیره استفاده کنید (دو خط تیره نباید پشت سر هم بیایند).
form-error-slug-taken = طومار دیگری از پیش همین نام را دارد.
form-error-petition-not-draft = فقط پیش‌نویس‌ها را می‌توان ویرایش کرد.
form-error-text-required = دست‌کم به یک زبان، عنوان و متن بنویسید.
form-error-closes-before-opens = تاریخ پایان باید پس از تاریخ آغاز باشد.
form-error-date-invalid = تاریخی مانند ⁦1405-10-10⁩ (هجری خورشیدی) یا ⁦2026-12-31⁩ (میلادی) وارد کنید.
form-error-domain-invalid = دامنه‌ای مانند example.org وارد کنید.
form-error-ip-range-invalid = نشانی یا بازهٔ IP مانند 203.0.113.0/24 وارد کنید.
form-error-ip-hash-invalid = هش را همان‌طور که در صفحهٔ روند امضاها نشان داده می‌شود وارد کنید.
form-error-note-invalid = متن ساده با حداکثر ۵۰۰ نویسه بنویسید.
form-error-pattern-invalid = ۲ تا ۱۰۰ نویسه متن ساده وارد کنید.
form-error-condition-required = دست‌کم یک شرط تعیین کنید.
form-error-preview-changed = امضاهایی که این ابطال شامل آن‌ها می‌شود از زمان پیش‌نمایش تغییر کرده‌اند. تعداد تازه را بررسی کنید و دوباره اعمال کنید.
