package org.smalltolarge.corpus.build.sources;

import org.junit.jupiter.api.Test;
import org.smalltolarge.corpus.build.Dictd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceParsingTest {
    @Test
    void brownTagsAreStrippedAndPunctuationReattached() {
        String[] tagged = "``/`` He/pps said/vbd ,/, ``/`` no/at ''/'' (/( twice/rb )/) ;/. ;/. then/rb left/vbd ./."
                .split(" ");
        assertEquals("\"He said, \"no\" (twice); then left.", Brown.detokenize(tagged));
    }

    @Test
    void mailBodiesAreDecodedFromMultipartQuotedPrintable() {
        String raw = "From: a@b\nSubject: =?iso-8859-1?Q?Caf=E9_news?=\nContent-Type: multipart/alternative;"
                + " boundary=\"XX\"\n\npreamble\n--XX\nContent-Type: text/html\n\n<p>html</p>\n--XX\n"
                + "Content-Type: text/plain; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Caf=E9 opens at nine, soft=\nbreak.\n--XX--\n";
        MailMessage m = MailMessage.parse(raw);
        assertEquals("Café news", m.subject());
        assertEquals("Café opens at nine, softbreak.", m.textBody().strip());
        MailMessage html = MailMessage.parse("Subject: x\nContent-Type: text/html\n\n<b>Hi</b> &amp; bye<br>");
        assertEquals("Hi & bye", html.textBody().strip());
    }

    @Test
    void dictdNumbersUseBase64Digits() {
        assertEquals(0, Dictd.decode("A"));
        assertEquals(63, Dictd.decode("/"));
        assertEquals(64 * 2 + 1, Dictd.decode("CB"));
    }

    @Test
    void manPageAliasesAreRecognised() {
        assertTrue(ManPages.isAlias(".\\\" comment\n.so man3/open.3\n"));
        assertFalse(ManPages.isAlias(".TH OPEN 2\n.SH NAME\nopen\n"));
    }
}
