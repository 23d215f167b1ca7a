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
email-contact-checkin-text = This is a regular reminder. Please open your page and tell us whether you want to go on:
email-contact-checkin-button = Open my page

## The sought person's page
consent-ask-intro = Someone has asked us to help them get in touch with you. Nobody has been told anything about you, and nothing will be unless you agree.
consent-ask-name = Name they gave
consent-ask-relationship = They say they are your
consent-ask-safety = Take your time. Whatever you answer, the person is not told that you were asked or what you said — unless you agree to be in touch, or choose below to send them a short message.
consent-decision-legend = Your answer
consent-decision-accept = Yes, I agree to be in touch
consent-decision-decline = No, not now
consent-decision-never = No, and never with this person
consent-if-accept = If you agree
consent-choice-legend = How do you want to be in touch?
consent-choice-relay = Through messages on this site
consent-choice-relay-hint = You write to each other here. Neither of you sees the other's email address.
consent-choice-share = Give them a contact detail
consent-choice-share-hint = We give them the detail you write below (for example a phone number or an email address), and only that.
consent-detail-label = The contact detail to give (only if you chose to give one)
consent-detail-hint = Up to 200 characters. Nothing else about you is given.
consent-if-decline = If you say no
consent-welfare-intro = You may let them know that you are well. If you choose nothing, they are told nothing at all.
consent-welfare-none = Send nothing
consent-welfare-preset = Send: "I am well but do not wish contact."
consent-welfare-own = Send a short message of my own (a caseworker reads it first)
consent-welfare-text-label = Your message (only if you chose to write one)
consent-welfare-text-hint = Up to 300 characters. A caseworker checks it before it is passed on.
consent-answer-submit = Send my answer
consent-already-answered = You have already answered. Your answer has not changed.
consent-accepted-text = Thank you. Nothing is passed on yet: there is first a waiting period of a few days, during which you can still change your mind without the other person being told, and then two caseworkers check everything. We will email you when you can write to each other.
consent-withdraw = I have changed my mind: withdraw my agreement
consent-block = Also never put me in touch with this person
consent-ended-text = There is nothing more to do here. Thank you.
consent-connected-sought-heading = You are in touch

## Both parties
consent-connected-heading = You are in touch with { $name }
consent-shared-detail = The contact detail they chose to give you:
consent-thread-heading = Messages
consent-thread-you = You
consent-thread-them = The other person
consent-thread-erased = (This message has been erased.)
consent-thread-empty = No messages yet.
consent-thread-ended = This conversation has ended. No more messages can be sent.
consent-message-label = Your message
consent-message-send = Send
consent-leave = Leave this conversation
consent-welfare-heading = A message from { $name }
consent-welfare-preset-text = I am well but do not wish contact.

## The requester's re-confirmation
consent-confirm-heading = Do you still want us to try?
consent-confirm-intro = We ask everyone who filed a request this from time to time; it does not mean that anything has happened. Tell us how you would like to be in touch if it becomes possible. You can answer at any time.
consent-confirmed-on = You last confirmed on { $date }.
consent-confirm-submit = Yes, keep trying
