# Who we are (#14 item 8)
about-privacy-link = Privacy notice
about-about-link = About us and contact
about-consent-privacy-link = How we handle your data: the privacy notice (opens in a new tab)
about-privacy-title = Privacy notice
about-about-title = About us and how to reach a person
about-retention-title = How long we keep your data
about-retention-intro = These periods are the ones this portal is set to apply; when one ends, the personal data is erased and only counts remain.
about-retention-what = What
about-retention-how-long = Kept for
about-retention-days = { $days } days
about-retention-signatures = Signatures and letters, after the petition is handed over
about-retention-contact = A contact request or registration, after it was confirmed or last renewed (unless you renew it)
about-retention-relay = Messages of a closed conversation
about-retention-links = A link sent again on request
about-edit-title = Who-we-are pages
about-edit-intro = The privacy notice and the about page, in each language. Write paragraphs separated by a blank line; a line starting with “## ” is a heading and one starting with “- ” a list item. Markup is shown as written, never as HTML. Leave the text empty to return to the default.
about-edit-pages = Pages and languages
about-edit-saved = Saved. The public page shows the new text now.
about-edit-default = This page shows the default text; saving stores your own.
about-edit-body = Text
about-edit-hint = Paragraphs separated by a blank line; “## ” starts a heading, “- ” a list item.
about-edit-submit = Save the text
about-default-privacy =
    ## Who is responsible
    { $organisation } runs this portal and is responsible (the controller) for the personal data it holds.

    ## What we store and why
    - When you sign a petition: your name, email address, country and city, your relationship to the detained relative if you give it, your letter if you write one, and your choices about how your name is shown. We need them to count your signature, to let you confirm and withdraw it, and to give the officials the petition book.
    - When you ask us to find a relative or register yourself: the names, years and places you give, your contact details and your choices about who may contact you. We need them to look for a match and to ask both sides for consent.
    - Messages you write through the portal after a connection, so that the other person can read them.
    - A keyed code of your network address, to stop abuse. We do not keep the address itself.
    Email addresses, phone numbers, letters and messages are stored encrypted. Staff can see personal data only when their work needs it, and every such view is recorded.

    ## Your rights
    You may see, correct or erase your data, object to its use and withdraw your consent at any time. A signature can be withdrawn from the link in your confirmation email; a request or registration can be ended or erased from its own page. If you lost the link, ask for a new one on the “Lost your link?” page.

    ## How to erase your data
    Use the “withdraw” or “erase” button on your page, or write to us (see “About us and contact”). Erasure is immediate; only a record that something was erased, without your details, remains.

    ## Contact
    For any question about your data, write to { $organisation } as shown on the “About us and contact” page. You may also complain to your data-protection authority.
about-default-about =
    ## Who we are
    { $organisation } helps families separated from relatives inside a closed group: by petitions to officials, and by putting people back in touch, only when both sides agree.

    ## How to reach a person
    Reply to any email we have sent you, and a member of our team will answer. We never ask for passwords or payment, and we never call you unannounced.

    ## If you fear being found
    - Nobody learns from this portal whether you are registered, or whether anyone is looking for you.
    - You can register as open to no one, or exclude named people; those rules apply before any staff member sees a candidate.
    - Use an email address that only you can read, and open our links on a device that is yours. Delete our emails if others can see your inbox.
    - If you are in danger now, contact the local emergency services first.
receipt-print-title = Your receipt
receipt-print-petition = Petition
receipt-print-date = Confirmed on
receipt-print-check = Check later that your signature is in the book handed over
receipt-print-hint = Keep this receipt: print this page (your browser's Print command) or write the code down. It does not show your name or address.
