## Consent and connection, public pages and emails — English

## Consent wordings. Each text is versioned: changing one needs a new key and version
## (the hash of the text shown is stored with every consent).
consent-wording-sought-v1 = I agree to be put in touch with the person who asked for me, in the way I choose below. I understand that nothing about me is passed on before a waiting period of a few days, during which I can still change my mind without the other person being told, and before two caseworkers have checked it. I can withdraw at any time.
consent-wording-requester-v1 = I still want to be put in touch with the people I asked for, in the way I choose below, if they agree. I understand that they are told my name and my relationship to them when they are asked, that my message is passed on only if they agree, and that I can withdraw at any time.

## Emails (content-free: no purpose, no names)
email-contact-update-subject = A message for you
email-contact-update-text = There is a message for you on Peyvand. Open it here:
email-contact-update-button = Open the message
email-contact-update-note = Do not share this link. If you did not expect this email, you can ignore it.
email-contact-checkin-subject = Please look at your page
email-contact-checkin-text = This is a regular reminder we send to everyone who asked us for help. Please open your page and tell us whether you still want us to go on:
email-contact-checkin-button = Open my page
