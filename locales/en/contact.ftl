## Family contact, public pages — English

## Home page
home-contact-request-link = Ask for help to contact a relative
home-contact-register-link = Left the group? Choose who may find you

## The contact request form
contact-request-title = Ask for help to contact a relative
contact-request-intro = Tell us who you are looking for. Our caseworkers look for the person, and if they find them, they ask whether the person wants to be in touch with you. Nobody is put in touch unless both of you agree.
contact-request-promise = For everyone's safety we never say whether a person has been found, or whether they are registered with us. Your page will say "in progress" until the person agrees to be in touch. A person who does not want to be found will not be found through us.
contact-about-you = About you
contact-your-name = Your name
contact-your-email = Your email address
contact-email-hint = We send you a link to confirm it. Use an address only you can read. Our emails never say what they are about.
contact-your-phone = Your phone number (optional)
contact-phone-hint = Only our caseworkers see it, in case they need to call you.
contact-your-country = Country where you live
contact-country-choose = Choose a country
contact-relationship = Your relationship to the person you are looking for
contact-relationship-choose = Choose
contact-language-note = We will write to you in { $language }. To change this, choose another language at the top of the page before you send the form.
contact-person-n = Person { $n }
contact-sought-intro = Tell us as much as you know. Give the name in Latin letters, in Persian script, or both; everything else is optional.
contact-add-person = Looking for someone else too? Person { $n } (optional)
contact-sought-name-latin = Name in Latin letters
contact-sought-name-persian = Name in Persian script
contact-sought-aliases = Other names or nicknames (one per line)
contact-sought-birth-year = Year of birth, roughly
contact-sought-father = Father's name
contact-sought-birthplace = Place of birth
contact-sought-last-place = Last place you know they lived or stayed
contact-sought-last-year = Year of your last contact
contact-sought-facts = Something only family would know (private)
contact-facts-hint = For example a childhood nickname or a family event. Only our caseworkers read it, to make sure they have the right person. It is never passed on.
contact-message = A message for the person (optional)
contact-message-hint = We pass it on only if the person agrees to hear from you. Up to 2,000 characters.
contact-privacy-heading = Privacy notice
contact-privacy-text = We keep what you enter here encrypted. Only our caseworkers can read it, and every time they do is recorded. We use it only to look for the person and, if we find them, to ask whether they agree to be in touch with you. Your request stays open for a limited time: we remind you by email before it ends, and you can withdraw it at any time from your personal page.
contact-consent = I have read the privacy notice and agree that Peyvand keeps these details, encrypted, to work on my request.
contact-consent-short = Privacy notice
contact-request-submit = Send my request

## After sending a form
contact-sent-title = Check your inbox
contact-sent-text = We have sent an email to the address you gave. Open the link in it to confirm your address: nothing goes further until you do. The link works for 7 days.
contact-sent-neutral = The email is deliberately neutral: its subject is "Confirm your email address" and it does not say what it is about.
contact-sent-spam = If nothing arrives within a few minutes, look in your spam folder.

## The registration form
contact-register-title = Choose who may find you
contact-register-intro = If you have left the group, or are separated from your family, you can tell us whether you are open to contact, and with whom. When a relative asks for you, a caseworker checks the request against your choices, and we always ask you before anyone is put in touch with you.
contact-register-promise = Nobody who searches is ever told that you registered, whatever you choose here.
contact-register-safety = If someone else can read your email, use an address only you can read. Our emails never say what they are about.
contact-reg-name-latin = Your name in Latin letters
contact-reg-name-persian = Your name in Persian script
contact-reg-names-hint = Give at least one of the two.
contact-reg-aliases = Other names you want to be found by (optional, one per line)
contact-reg-aliases-hint = Only the names you give here are used to recognise you. Leave out any name you do not want to be found by.
contact-reg-birth-year = Your year of birth (optional)
contact-reg-father = Your father's name (optional)
contact-reg-places = Places where you were born or lived (optional, one per line)
contact-reg-email = Your email address
contact-reg-language = Language of our emails to you
contact-openness-legend = Who may ask to be in touch with you?
contact-openness-anyone = Any relative or supporter
contact-openness-relationships = Only relatives with these relationships to me
contact-openness-named = Only these relatives, by name
contact-openness-no_one = No one, for now
contact-openness-hint = Whatever you choose, we ask you before anyone is put in touch with you.
contact-only-relationships = Relationships I accept
contact-only-names = Names of the relatives I accept (one per line)
contact-deny-heading = Never
contact-deny-names = Never these people (names, one per line)
contact-deny-names-hint = A request from someone with one of these names is set aside before any caseworker sees it.
contact-deny-aliases = Never anyone who asks for me by one of these names (one per line)
contact-deny-aliases-hint = For example a name only the group used for you.
contact-register-privacy-text = We keep what you enter here encrypted. Only our caseworkers can read it, and every time they do is recorded. We use it only to recognise you when a relative asks for contact, and we ask you before anything else happens. Your registration stays in force for a limited time: we remind you by email before it ends, and you can withdraw it at any time from your personal page.
contact-register-consent = I have read the privacy notice and agree that Peyvand keeps these details, encrypted, to recognise me when someone asks for contact.
contact-register-submit = Register

## Email verification
contact-verify-ready-title = Confirm your email address
contact-verify-ready-text = Press the button to confirm your email address.
contact-verify-submit = Confirm my address
contact-verify-done-title = Your address is confirmed
contact-verify-done-request-text = Thank you. Your request now goes to our caseworkers. We have sent you one more email with your personal link: there you can follow your request, renew it or withdraw it. Keep that link private.
contact-verify-done-registration-text = Thank you. Your registration is now in force. We have sent you one more email with your personal link: there you can see what you registered, renew it or withdraw it. Keep that link private.
contact-invalid-title = This link cannot be used
contact-invalid-text = This link is not valid, or no longer. If you received a newer email from us, use the link in it. Confirmation links work for 7 days.

## The requester's page
contact-status-title = Your request
contact-status-in_progress-heading = Received — in progress
contact-status-in_progress-text = We have your request and are working on it. This page will change when there is news we may share with you. We never say whether someone has been found or is registered with us unless that person agrees to be in touch.
contact-status-expires = Your request stays open until { $date }.
contact-status-renew-text = Your request ends soon. Renew it to keep it open for another period.
contact-status-withdraw-link = Withdraw my request
contact-status-expired-heading = Closed — we could not establish contact
contact-status-expired-text = Your request has ended and is now closed. We could not establish contact. You can file a new request at any time.
contact-status-withdrawn-heading = You withdrew your request
contact-status-withdrawn-text = It is closed. You can file a new request at any time.
contact-new-request-link = File a new request
contact-renew-submit = Renew
contact-notice-renewed = Renewed — thank you.
contact-notice-withdrawn = Withdrawn.
contact-notice-confirmed = Thank you: we have recorded that you still want to be put in touch.
contact-notice-sent = Your message was sent.
contact-notice-left = You have left the conversation. It is closed.
contact-notice-answered = Thank you: your answer is recorded.
contact-status-connected-heading = Connected
contact-status-connected-text = The person you asked for agreed to be in touch with you. You can write to each other below; neither of you sees the other's contact details unless one of you chose to share one.
contact-shown-note = When we ask the person, we tell them your name and your relationship to them. Your message is passed on only if they agree.
contact-reply-title = A message for you
contact-closed-title = This conversation is closed
contact-closed-text = No more messages can be sent here.
contact-keep-private = Keep the link to this page private: anyone who has it can open this page.

## The registered person's page
contact-registration-title = Your registration
contact-registration-in_progress-heading = In force
contact-registration-in_progress-text = Nobody who searches is told that you registered. When someone asks to be in touch with you and your choices allow it, we ask you first.
contact-registration-expires = It stays in force until { $date }.
contact-registration-renew-text = It ends soon. Renew it to keep it in force for another period.
contact-registration-withdraw-link = Withdraw my registration
contact-registration-expired-heading = Your registration has ended
contact-registration-expired-text = It was not renewed in time. You can register again at any time.
contact-registration-withdrawn-heading = You withdrew your registration
contact-registration-withdrawn-text = It no longer takes part in any search. You can register again at any time.
contact-registration-details = What you registered
contact-reg-names-shown = Names you can be found by
contact-reg-none = none
contact-registration-change = To change something, withdraw this registration and register again.
contact-new-registration-link = Register again

## Withdrawing
contact-withdraw-request-title = Withdraw your request?
contact-withdraw-request-text = If you withdraw, we stop working on your request and it is closed. You can file a new request later.
contact-withdraw-registration-title = Withdraw your registration?
contact-withdraw-registration-text = If you withdraw, your registration no longer takes part in any search and nobody is put in touch with you through it. You can register again later.
contact-withdraw-submit = Withdraw
contact-withdraw-cancel = Go back

## Emails (content-free: they name neither the purpose nor any person)
email-contact-verify-subject = Confirm your email address
email-contact-verify-text = Please confirm your email address by opening this link:
email-contact-verify-button = Confirm my email address
email-contact-verify-ignore = If you did not ask for this, ignore this message: nothing will happen. The link works for 7 days.
email-contact-link-subject = Your personal link
email-contact-link-text = Thank you, your email address is confirmed. This is your personal link. Keep this message and do not share the link:
email-contact-link-button = Open my page
email-contact-renewal-subject = Please renew
email-contact-renewal-text = What you left with us ends on { $date } unless you renew it. Open your page to renew it:
email-contact-renewal-note = This is your new personal link: earlier links no longer work.

## Form errors on the contact forms
form-error-contact-year-range = Enter a year from 1900 to this year, in the Western (Gregorian) calendar.
form-error-contact-year-order = The year of the last contact cannot be before the year of birth.
form-error-contact-latin-script = Please use Latin letters here; the Persian spelling has its own field.
form-error-contact-persian-script = Please use Persian letters here; the Latin spelling has its own field.
form-error-contact-name-needed = Give the name in Latin letters, in Persian script, or both.
form-error-contact-sought-needed = Tell us about at least one person: give their name.
form-error-contact-too-many-lines = Please give at most 10 entries, one per line.
form-error-contact-phone = Enter a phone number: digits and spaces, with a + at the start if needed.
form-error-contact-relationships-needed = Tick at least one relationship, or choose another option.
form-error-contact-names-needed = Write at least one name, one per line, or choose another option.

## Changing and erasing one's own record (issue #14)
contact-registration-edit-link = Change your names, who may ask, or whom you refuse
contact-edit-title = Change your registration
contact-edit-intro = Change what you need and save. It applies from now on; nobody is told that you changed anything.
contact-edit-names = Names and aliases you can be found by
contact-edit-names-hint = One per line, each in Latin letters or in Persian script. Only these names can find you.
contact-edit-deny-note = Someone you refuse here is never put in touch with you. If we were already asking you about someone you now refuse, that stops at once.
contact-edit-submit = Save the changes
contact-edit-cancel = Back to your registration, changing nothing
contact-notice-edited = Your changes are saved. They apply from now on.
form-error-contact-edit-name-needed = Give at least one name you can be found by.
contact-add-link = Add a spelling, an alias or a fact
contact-add-title = Add to what you told us about { $name }
contact-add-intro = Another spelling of a name, a nickname, or something only family would know helps our caseworkers. What you add here is kept with what you gave before; nothing is removed.
contact-add-known = The names you gave so far:
contact-add-aliases = Other spellings and aliases
contact-add-aliases-hint = One per line, each in Latin letters or in Persian script.
contact-add-facts = Something only family would know
contact-add-facts-hint = Our caseworkers use it only to check a person's identity. It is never shown to anyone else.
contact-add-submit = Add
contact-add-cancel = Back to your request
contact-notice-added = Thank you: we have added it to your request.
form-error-contact-add-something = Write a spelling, an alias or a fact to add.
form-error-contact-too-many-aliases = A person can have at most 20 spellings and aliases in all.
contact-erase-link = Erase my data now
contact-erase-request-title = Erase your request and your data?
contact-erase-request-text = We erase at once your name, email address and phone number, your message, the names and details you gave of the people you are looking for, and the messages you wrote. Your request is withdrawn and the links we sent you stop working.
contact-erase-request-kept = We keep only a record that a request existed, with its dates and no details about you or the people you were looking for: our counts and our audit log need it.
contact-erase-registration-title = Erase your registration and your data?
contact-erase-registration-text = We erase at once your names and aliases, year of birth, father's name, places, email address, your choices and rules, and the messages you wrote. Your registration is withdrawn, any conversation ends, and the links we sent you stop working.
contact-erase-registration-kept = We keep only a record that a registration existed, with its dates and no details about you: our counts and our audit log need it.
contact-erase-final = This cannot be undone.
contact-erase-submit = Yes, erase my data now
contact-erase-cancel = No, go back
contact-erased-title = Your data is erased
contact-erased-request-text = We erased your name, email address and phone number, your message, the names and details of the people you were looking for, and the messages you wrote. Your request is withdrawn, and the links we sent you no longer work.
contact-erased-request-kept = What remains is a record that a request existed and when, with no details about you or the people you were looking for.
contact-erased-registration-text = We erased your names and aliases, year of birth, father's name, places, email address, your choices and rules, and the messages you wrote. Your registration is withdrawn, any conversation has ended, and the links we sent you no longer work.
contact-erased-registration-kept = What remains is a record that a registration existed and when, with no details about you.
contact-erased-again = You can file a new request or register again at any time.
contact-erased-home = Go to the home page
contact-status-seeking-heading = Whom you are looking for
contact-status-progress-heading = What “in progress” means
contact-status-progress-text = Our caseworkers compare what you told us with the people who registered with us and, where they can, look further. This often takes months, sometimes longer. We do not report each step: this page changes only when the person you are looking for agrees to be in touch, or when your request ends.
contact-status-reach-text = To reach a person at our organisation, use the contact details on our “About us” page, linked at the foot of every page. If you fear that others read your email, tell us so when you write.
consent-end-never-text = You chose “never with this person”: we will not ask you about this person again and will never put them in touch with you, whatever name or spelling they use. They are not told.
consent-end-never-submit = Yes, never with this person
form-error-contact-one-script = Write each name in one script: Latin letters or Persian script, not both on one line.
