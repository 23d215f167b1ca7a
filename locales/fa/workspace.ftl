## فضای کار کارکنان (درخواست ۱۵): یادداشت‌های پرونده و دفتر تماس‌ها، پیگیری‌ها، صفحه‌بندی،
## دفتر رویدادهای خوانا، آمار.

pager-label = صفحه‌ها
pager-first = نخستین
pager-prev = قبلی
pager-next = بعدی
pager-last = آخرین
pager-position = صفحهٔ { $page } از { $pages }

notes-link = یادداشت‌ها و دفتر تماس‌ها
notes-title-request = یادداشت‌های درخواست #{ $id }
notes-title-match = یادداشت‌های تطبیق #{ $id }
notes-back-request = بازگشت به درخواست #{ $id }
notes-back-match = بازگشت به تطبیق #{ $id }
notes-list = یادداشت‌ها و تماس‌ها، از جدیدترین
notes-caption = یادداشت‌ها و تماس‌های ثبت‌شده (در مجموع { $total } مورد)
notes-none = هنوز یادداشتی نیست.
notes-col-when = زمان (UTC)
notes-col-who = نویسنده
notes-col-what = نوع
notes-col-text = یادداشت
notes-col-follow-up = روز پیگیری
notes-on-match = تطبیق #{ $id }
notes-follow-up-done = انجام شد
notes-add = افزودن یادداشت یا ثبت تماس
notes-field-kind = این چیست؟
notes-kind-note = یک یادداشت
notes-kind-contact = یک تماس یا دیدار
notes-field-channel = تماس چگونه انجام شد
notes-field-channel-hint = فقط برای تماس یا دیدار.
notes-field-outcome = نتیجه چه بود
notes-field-text = یادداشت
notes-field-text-hint = رمزگذاری‌شده نگه داشته می‌شود و هر بار خواندنش ثبت می‌شود. حداکثر { $max } نویسه.
notes-field-follow-up = روز پیگیری (اختیاری)
notes-field-follow-up-hint = یک روز، مانند 2026-12-31. از آن روز در صفحهٔ اصلی کارکنان شما نشان داده می‌شود.
notes-submit = ذخیره
notes-notice-added = یادداشت ذخیره شد.
notes-channel-phone = تماس تلفنی
notes-channel-video = تماس تصویری
notes-channel-in-person = دیدار حضوری
notes-channel-written = ایمیل یا نامه
notes-channel-other = دیگر
notes-outcome-reached = با او صحبت شد
notes-outcome-no-answer = پاسخی نیامد
notes-outcome-message-left = پیغام گذاشته شد
notes-outcome-rescheduled = زمان دیگری قرار شد
notes-outcome-refused = نخواست صحبت کند

follow-ups-title = پیگیری‌های موعدرسیده
follow-ups-caption = یادداشت‌های شما که روز پیگیری‌شان رسیده است، از قدیمی‌ترین
follow-ups-col-due = روز
follow-ups-col-case = پرونده
follow-ups-col-done = انجام شد؟
follow-ups-overdue = دیرکرد
follow-ups-mark-done = انجام شد

form-error-note-too-long = این بیش از اندازه بلند است: حداکثر ۵٬۰۰۰ نویسه.
form-error-follow-up-past = این روز گذشته است: امروز یا روزی پس از آن را برگزینید.
form-error-follow-up-far = روزی در یک سال آینده برگزینید.
