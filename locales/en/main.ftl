## Peyvand — English. Every key here must exist in fa and fr too (a test checks).

lang-name = English
site-name = Peyvand
site-tagline = Bringing separated families back in touch — only when both sides agree.
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-language = Language
language-menu-label = Choose a language
lang-unsupported = That language is not available. The page is shown in English, Persian or French instead.

## Home page
home-title = Families, together again
home-intro = Peyvand helps families who are separated from relatives living, or who once lived, inside a closed group. You can sign a petition asking officials to let families meet, and you can ask us to help you get back in touch with a relative.
home-consent = We only ever connect people when both of them agree. Nobody learns whether someone is registered with us unless that person chooses to be found.
home-petitions-heading = Petitions
home-no-petitions = There is no open petition at the moment.
home-contact-heading = Looking for a relative?
home-contact-text = We can try to help you get back in touch with a relative. And if you have left the group, you can tell us whether you want to be found, and by whom. Nobody is put in touch unless both people agree, and nobody who searches is told whether someone registered.
petition-read = Read the petition
petition-in-other-language = This text is not yet available in your language; it is shown in the original.

## Language page
language-title = Language
language-intro = Choose the language for this site. We remember your choice on this device.
language-field = Language
language-submit = Save
form-error-summary-title = Please correct the following:

## Form errors
form-error-required = This field is required.
form-error-too-short = This is too short.
form-error-too-long = This is too long.
form-error-invalid-choice = Please choose one of the options.
form-error-invalid-number = Please enter a number.
form-error-invalid = This value is not valid.
form-error-control-characters = This contains invisible control characters. Please retype it.

## Error pages
error-back-home = Go to the home page
error-400-title = Bad request
error-400-text = Your browser sent something this site could not understand. Please go back and try again.
error-csrf-title = Form expired
error-csrf-text = For your security this form could not be accepted: it may have expired or your browser may block cookies. Please reload the page and submit it again.
error-403-title = Not allowed
error-403-text = You do not have access to this page.
error-404-title = Page not found
error-404-text = There is no page at this address. It may have moved, or the link may be mistyped.
error-413-title = Too much text
error-413-text = What you sent is larger than this site accepts. Please shorten it and try again.
error-415-title = Unsupported content
error-415-text = This site could not read what your browser sent. Please use the form on the page.
error-422-title = Please check your entry
error-422-text = Some of what you entered could not be accepted. Please go back and correct it.
error-429-title = Too many attempts
error-429-text = You have sent too many requests in a short time. Please wait a minute and try again.
error-500-title = Something went wrong
error-500-text = An error on our side stopped this page. Nothing you entered has been lost or half-saved. Please try again later.
error-503-title = Temporarily unavailable
error-503-text = This site is briefly unavailable. Please try again in a few minutes.
error-unsaved-title = We could not save this
error-unsaved-text = Nothing was saved: our storage is not accepting new entries at the moment. Please go back and send the form again in a few minutes.
error-other-title = Something went wrong
error-other-text = This request could not be completed. Please go back and try again.

## Footer
footer-privacy = Peyvand never shares your details without your consent.
footer-source = Open-source software.

## Email (shared)
email-footer = This message was sent by Peyvand. If you did not expect it, you can ignore it.
email-test-subject = Test message
email-test-body = This is a test message. If you can read it, email delivery works.

## Lists
list-separator = {", "}

## "Lost your link?" (issue #14)
lost-links-title = Lost your link?
lost-links-intro = Enter your email address. If we hold anything for it — a signature, a contact request, a registration — we will email you a fresh link to each.
lost-links-what = Your earlier links keep working until they expire. For your safety, this page answers the same whatever we hold.
lost-links-email = Your email address
lost-links-submit = Email me my links
lost-links-sent-title = Check your inbox
lost-links-sent-text = If we hold something for this address, we have emailed its links to it.
lost-links-sent-spam = The email can take a few minutes; look in your spam folder too. If nothing arrives, we hold nothing for this address or it was asked for too often: try again in an hour.
lost-links-link = Lost your link?
email-lost-links-subject = Your links
email-lost-links-text = You asked for your links. Here is a fresh link to each page we hold for this address. They work for { $days } days, and your earlier links keep working until they expire. Do not share them.
email-lost-links-petition = Petition: { $title }
email-lost-links-confirm = Confirm your signature
email-lost-links-receipt = Your signature and receipt code
email-lost-links-withdraw = Withdraw your signature
email-lost-links-pages = Your personal pages:
email-lost-links-ignore = If you did not ask for this, you can ignore this message: the links were sent only to you.
email-lost-links-footer = Lost a link? Ask for it again:

## Relationship choices as answers to "Your relationship to …" (issue #14)
relationship-answer-none = I prefer not to say
relationship-answer-parent = I am their parent
relationship-answer-spouse = I am their husband or wife
relationship-answer-child = I am their son or daughter
relationship-answer-sibling = I am their brother or sister
relationship-answer-other_family = I am another family member
relationship-answer-supporter = I am a supporter, not family

## Right after signing (issue #14)
petition-thanks-sent-to = We sent it to:
petition-thanks-again = Send it again
petition-thanks-wrong-address = Wrong address? Sign again with the right one
sign-email-did-you-mean = Did you mean
sign-email-no-dot = This address has no dot after the @: please check it.
sign-email-use-suggestion = Yes, use this address
sign-email-keep-typed = No, my address is
form-error-email-typo = This address may be mistyped: please check it.

## "Are you sure?" before ending a relationship (issue #14)
consent-end-heading = End this conversation
consent-end-title = Are you sure?
consent-end-leave-text = Leaving ends this conversation for both of you. The other person is not told why, and the messages are erased later.
consent-end-withdraw-text = This withdraws your agreement and ends any conversation. The other person is not told why.
consent-end-block-note = You also chose “never with this person”: we will not put them in touch with you again.
consent-end-final = This cannot be undone.
consent-end-leave-submit = Yes, leave the conversation
consent-end-withdraw-submit = Yes, withdraw
consent-end-cancel = No, go back
