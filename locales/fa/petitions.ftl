## صفحه‌های طومار — فارسی

petition-addressees = خطاب به
petition-count-heading = امضاها تا این لحظه
petition-signatures = امضا
petition-goal = هدف: { $goal }
petition-sign-heading = این طومار را امضا کنید
petition-paused = امضا کردن برای مدت کوتاهی متوقف شده است. لطفاً بعداً بازگردید.
petition-closed = این طومار دیگر امضا نمی‌پذیرد.
petition-who-heading = چه کسانی امضا کرده‌اند
petition-chart-country = امضاها بر حسب کشور
petition-chart-country-desc = کشورهایی که امضاکنندگان در آن زندگی می‌کنند، از بیشترین به کمترین.
petition-chart-relationship = امضاها بر حسب نسبت
petition-chart-relationship-desc = نسبت امضاکنندگان با عزیزشان در اردوگاه.
petition-recent = امضاکنندگان اخیری که خواسته‌اند نامشان آورده شود
petition-share = این طومار را هم‌رسانی کنید
petition-share-email = با ایمیل

## فرم امضا
sign-name = نام شما
sign-email = نشانی ایمیل شما
sign-email-hint = لینکی برای تأیید امضا برایتان می‌فرستیم. نشانی شما هرگز به کسی نشان داده نمی‌شود.
sign-country = کشور محل زندگی
sign-country-choose = یک کشور انتخاب کنید
sign-city = شهر (اختیاری)
sign-relationship = نسبت شما با عزیزی در اردوگاه (اختیاری)
relationship-none = ترجیح می‌دهم نگویم
relationship-parent = پدر یا مادر
relationship-spouse = همسر
relationship-child = پسر یا دختر
relationship-sibling = برادر یا خواهر
relationship-other_family = دیگر خویشاوندان
relationship-supporter = حامی
sign-letter = نامه‌ای شخصی به مقام‌های مسئول (اختیاری)
sign-letter-hint = حداکثر ۵۰۰۰ نویسه. نامه‌ها پیش از قرار گرفتن در کتابی که به مقام‌ها تحویل می‌شود، توسط گروه ما خوانده می‌شوند.
sign-public-legend = در این صفحه نشان داده شود
public-hidden = هیچ چیز دربارهٔ من
public-initials = حروف اول نامم
public-full = نام کاملم
sign-book-legend = در نسخه‌ای که به مقام‌ها تحویل می‌شود نشان داده شود
book-full = نام کاملم
book-initials = حروف اول نامم
book-family = «یکی از اعضای خانواده»
sign-consent = اطلاعیهٔ حریم خصوصی را خوانده‌ام: اطلاعاتم رمزگذاری‌شده نگهداری و فقط برای این طومار به کار می‌رود، و هر زمان بخواهم می‌توانم امضایم را پس بگیرم.
sign-consent-short = اطلاعیهٔ حریم خصوصی
sign-submit = امضا می‌کنم

## پس از امضا
petition-thanks-title = صندوق ایمیل خود را ببینید
petition-thanks-text = ایمیلی برایتان فرستادیم. برای تأیید امضا لینک داخل آن را باز کنید: فقط امضاهای تأییدشده شمرده می‌شوند.
petition-thanks-spam = اگر تا چند دقیقهٔ دیگر چیزی نرسید، پوشهٔ هرزنامه را نگاه کنید.
petition-receipt = کد رسید شما:
petition-confirm-ready-title = امضای خود را تأیید کنید
petition-confirm-ready-text = برای تأیید اینکه این طومار را امضا کرده‌اید، دکمه را بزنید.
petition-confirm-submit = امضایم را تأیید می‌کنم
petition-confirm-done-title = سپاسگزاریم — امضای شما شمرده می‌شود
petition-confirm-done-text = امضای شما تأیید شد. کد رسید خود را نگه دارید: با آن بعداً می‌توانید بررسی کنید که امضایتان در کتابی که به مقام‌ها تحویل می‌شود آمده است.
petition-confirm-invalid-title = این لینک قابل استفاده نیست
petition-confirm-invalid-text = این لینک دیگر معتبر نیست: ممکن است امضا پس گرفته شده یا طومار بسته شده باشد.
petition-withdraw-ready-title = پس گرفتن امضا
petition-withdraw-ready-text = اگر امضای خود را پس بگیرید، از شمارش خارج می‌شود و نام، نشانی، شهر و نامهٔ شما پاک می‌شود.
petition-withdraw-submit = امضایم را پس می‌گیرم
petition-withdraw-done-title = امضای شما پس گرفته شد
petition-withdraw-done-text = امضای شما دیگر شمرده نمی‌شود و اطلاعات شخصی‌تان پاک شده است.
petition-withdraw-invalid-title = این لینک قابل استفاده نیست
petition-withdraw-invalid-text = این لینک دیگر معتبر نیست.

## خطاهای فرم امضا
form-error-formula = این بخش نمی‌تواند با = یا + یا - یا @ شروع شود.
form-error-link = لطفاً نشانی وب‌سایت در اینجا ننویسید.
form-error-name-characters = لطفاً فقط از حروف، فاصله، آپوستروف، خط تیره و نقطه استفاده کنید.
form-error-email-invalid-signer = نشانی ایمیلی مانند name@example.org وارد کنید.
form-error-email-invisible = این نشانی ایمیل نویسه‌ای نامرئی دارد (مانند خط تیرهٔ نرم یا فاصلهٔ بی‌عرض). آن را دوباره با دست بنویسید.
form-error-email-too-long = نشانی ایمیل حداکثر ۲۵۴ نویسه دارد.
form-error-mixed-scripts = لطفاً هر کلمه را فقط با یک الفبا بنویسید (حرفی از الفبای دیگر شبیه است اما یکی نیست).
form-error-consent-required = لطفاً برای تأیید اینکه اطلاعیهٔ حریم خصوصی را خوانده‌اید، کادر را علامت بزنید.

## ایمیل‌های مربوط به امضا
email-confirm-subject = لطفاً امضای خود را تأیید کنید
email-confirm-intro = از اینکه «{ $title }» را امضا کردید سپاسگزاریم. لطفاً برای تأیید امضا این لینک را باز کنید:
email-confirm-button = امضایم را تأیید می‌کنم
email-receipt = کد رسید شما: { $code }
email-withdraw-info = هر زمان بخواهید می‌توانید امضای خود را پس بگیرید:
email-withdraw-button = پس گرفتن امضا
email-already-subject = شما قبلاً امضا کرده‌اید
email-already-intro = شما قبلاً «{ $title }» را امضا کرده‌اید و امضایتان تأیید شده است. کار دیگری لازم نیست.

## کارکنان: طومارها و نامه‌ها
petitions-staff-title = طومارها
petitions-staff-caption = همهٔ طومارها
petitions-col-petition = طومار
petitions-col-letters = نامه‌های در انتظار بررسی
petitions-pause-heading = جمع‌آوری امضا
petitions-paused-now = جمع‌آوری امضا متوقف است: فرم‌های امضا این را اعلام می‌کنند و چیزی نمی‌پذیرند.
petitions-collecting-now = طومارهای باز امضا می‌پذیرند.
petitions-pause-submit = توقف جمع‌آوری
petitions-resume-submit = ادامهٔ جمع‌آوری
petitions-notice-paused = جمع‌آوری امضا متوقف شد.
petitions-notice-resumed = جمع‌آوری امضا دوباره آغاز شد.
letters-title = نامه‌های در انتظار بررسی
letters-intro = نامه‌های تأییدشده ممکن است در کتابی که به مقام‌ها تحویل می‌شود بیایند. نامه‌های ردشده هرگز نمی‌آیند؛ رد کردن به دلیل نیاز دارد.
letters-reason = دلیل (برای رد لازم است)
letters-approve = تأیید
letters-reject = رد
letters-none = هیچ نامه‌ای در انتظار نیست.
letters-error-invalid = لطفاً تأیید یا رد را انتخاب کنید.
letters-error-reason = برای رد نامه دلیلی بنویسید (حداکثر ۵۰۰ نویسه).
