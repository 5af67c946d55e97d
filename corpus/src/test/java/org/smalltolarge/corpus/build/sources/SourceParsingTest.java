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
    void aMissingProgramIsNamedWithWhatToInstall() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> org.smalltolarge.corpus.build.Tools.run(java.util.List.of("s2l-no-such-program"), null, null));
        assertTrue(e.getMessage().startsWith("cannot run 's2l-no-such-program'"), e.getMessage());
        IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> org.smalltolarge.corpus.build.Tools.runOrFail(java.util.List.of("tar", "--no-such-flag"), null));
        assertTrue(failed.getMessage().startsWith("tar --no-such-flag failed"), failed.getMessage());
    }

    @Test
    void dictdNumbersUseBase64Digits() {
        assertEquals(0, Dictd.decode("A"));
        assertEquals(63, Dictd.decode("/"));
        assertEquals(64 * 2 + 1, Dictd.decode("CB"));
    }

    @Test
    void manPageFootersAreDroppedButBodyLinesKept() {
        String page = "OPEN(2)   System Calls Manual   OPEN(2)\n\nNAME\n       open - open a file\n\n"
                + "Linux man-pages 6.03    2023-02-05    OPEN(2)\n\n";
        assertEquals("OPEN(2)   System Calls Manual   OPEN(2)\n\nNAME\n       open - open a file\n",
                ManPages.dropFooter(page));
        String body = "SEE ALSO\n       exit(3), sysexits.h(3head)\n";
        assertEquals(body.stripTrailing(), ManPages.dropFooter(body));
    }

    @Test
    void manPageAliasesAreRecognised() {
        assertTrue(ManPages.isAlias(".\\\" comment\n.so man3/open.3\n"));
        assertFalse(ManPages.isAlias(".TH OPEN 2\n.SH NAME\nopen\n"));
    }
}
