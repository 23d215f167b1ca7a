## Petition pages — English

petition-addressees = Addressed to
petition-count-heading = Signatures so far
petition-signatures = signatures
petition-goal = goal: { $goal }
petition-sign-heading = Sign this petition
petition-paused = Signing is paused for a short while. Please come back later.
petition-closed = This petition no longer takes signatures.
petition-who-heading = Who has signed
petition-chart-country = Signatures by country
petition-chart-country-desc = Countries where signers live, largest first.
petition-chart-relationship = Signatures by relationship
petition-chart-relationship-desc = How signers are related to a relative in the camp.
petition-recent = Recent signers who chose to be named
petition-share = Share this petition
petition-share-email = By email

## The signing form
sign-name = Your name
sign-email = Your email address
sign-email-hint = We send you a link to confirm your signature. Your address is never shown to anyone.
sign-country = Country where you live
sign-country-choose = Choose a country
sign-city = City (optional)
sign-relationship = Your relationship to a relative in the camp (optional)
relationship-none = I prefer not to say
relationship-parent = Parent
relationship-spouse = Husband or wife
relationship-child = Son or daughter
relationship-sibling = Brother or sister
relationship-other_family = Other family
relationship-supporter = Supporter
sign-letter = A personal letter to the officials (optional)
sign-letter-hint = Up to 5,000 characters. Letters are read by our team before they are included in the book handed to the officials.
sign-public-legend = On this page, show
public-hidden = Nothing about me
public-initials = My initials
public-full = My full name
sign-book-legend = In the copy handed to the officials, show
book-full = My full name
book-initials = My initials
book-family = "A family member"
sign-consent = I have read the privacy notice: my details are kept encrypted, used only for this petition, and I can withdraw at any time.
sign-consent-short = Privacy notice
sign-submit = Sign

## After signing
petition-thanks-title = Check your inbox
petition-thanks-text = We have sent you an email. Open the link in it to confirm your signature: only confirmed signatures count.
petition-thanks-spam = If nothing arrives within a few minutes, look in your spam folder.
petition-receipt = Your receipt code:
petition-confirm-ready-title = Confirm your signature
petition-confirm-ready-text = Press the button to confirm that you signed this petition.
petition-confirm-submit = Confirm my signature
petition-confirm-done-title = Thank you — your signature counts
petition-confirm-done-text = Your signature is confirmed. Keep your receipt code: with it you can later check that your signature is in the book handed to the officials.
petition-confirm-invalid-title = This link cannot be used
petition-confirm-invalid-text = The link is not valid any more: the signature may have been withdrawn, or the petition has closed.
petition-withdraw-ready-title = Withdraw your signature
petition-withdraw-ready-text = If you withdraw, your signature leaves the count and your name, address, city and letter are erased.
petition-withdraw-submit = Withdraw my signature
petition-withdraw-done-title = Your signature is withdrawn
petition-withdraw-done-text = Your signature no longer counts and your personal details have been erased.
petition-withdraw-invalid-title = This link cannot be used
petition-withdraw-invalid-text = The link is not valid any more.

## Form errors on the signing form
form-error-formula = This cannot start with =, +, - or @.
form-error-link = Please do not put web addresses here.
form-error-name-characters = Please use only letters, spaces, apostrophes, hyphens and dots.
form-error-email-invalid-signer = Enter an email address like name@example.org.
form-error-email-invisible = This email address contains an invisible character (such as a soft hyphen or a zero-width space). Type it again by hand.
form-error-email-too-long = An email address has at most 254 characters.
form-error-mixed-scripts = Please write each word in one alphabet only (a letter from another alphabet looks the same but is not).
form-error-consent-required = Please tick the box to confirm you have read the privacy notice.

## Emails about signatures
email-confirm-subject = Please confirm your signature
email-confirm-intro = Thank you for signing “{ $title }”. Please open this link to confirm your signature:
email-confirm-button = Confirm my signature
email-receipt = Your receipt code: { $code }
email-withdraw-info = You can withdraw your signature at any time:
email-withdraw-button = Withdraw my signature
email-already-subject = You have already signed
email-already-intro = You have already signed “{ $title }”, and your signature is confirmed. There is nothing more to do.

## Staff: petitions and letters
petitions-staff-title = Petitions
petitions-staff-caption = All petitions
petitions-col-petition = Petition
petitions-col-letters = Letters to moderate
petitions-pause-heading = Collecting signatures
petitions-paused-now = Collection is paused: signing forms say so and take nothing.
petitions-collecting-now = Petitions that are open take signatures.
petitions-pause-submit = Pause collection
petitions-resume-submit = Resume collection
petitions-notice-paused = Collection is paused.
petitions-notice-resumed = Collection has resumed.
letters-title = Letters to moderate
letters-intro = Approved letters may appear in the book handed to the officials. Rejected letters never do; a rejection needs a reason.
letters-reason = Reason (needed to reject)
letters-approve = Approve
letters-reject = Reject
letters-none = No letter is waiting.
letters-error-invalid = Please choose approve or reject.
letters-error-reason = Give a reason (at most 500 characters) to reject a letter.
