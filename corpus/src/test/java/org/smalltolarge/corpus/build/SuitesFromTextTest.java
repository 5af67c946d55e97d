package org.smalltolarge.corpus.build;

import org.junit.jupiter.api.Test;
import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.SuiteLine;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuitesFromTextTest {
    private static final String STORY = "The old sailor walked along the harbour every morning before the sun rose. "
            + "He counted the boats, greeted the fishermen and bought warm bread from the baker. "
            + "Nobody in the village could remember a day when he had missed his walk. Über Café naïve text follows "
            + "so that windows must not split a character anywhere in the middle of the document here.";

    @Test
    void lastWordItemsAskForTheWordThatEndsASentence() {
        Map<String, List<Document>> test = Map.of("fiction", List.of(Document.of("f/1", "fiction", STORY, Map.of())));
        List<SuiteLine> items = TextSuites.lastword(test, 10);
        assertFalse(items.isEmpty());
        for (SuiteLine l : items) {
            assertEquals(EvalItem.Kind.CLOZE, l.kind());
            String answer = l.options().get(0);
            assertTrue(answer.matches(" [A-Za-z]{3,}"), answer);
            assertTrue(STORY.contains(l.context() + answer + "."), l.context() + "|" + answer);
            assertTrue(l.context().getBytes(StandardCharsets.UTF_8).length <= TextSuites.LASTWORD_CONTEXT_BYTES);
        }
    }

    @Test
    void heldoutWindowsCoverTheTextWithoutSplittingCharacters() {
        Map<String, List<Document>> test = Map.of("fiction", List.of(Document.of("f/1", "fiction", STORY, Map.of())));
        List<SuiteLine> items = TextSuites.heldout(test, 100);
        StringBuilder joined = new StringBuilder();
        for (SuiteLine l : items) {
            String w = l.options().get(0);
            assertTrue(w.getBytes(StandardCharsets.UTF_8).length <= TextSuites.HELDOUT_BYTES);
            assertFalse(w.contains("\uFFFD"));
            joined.append(w);
        }
        assertEquals(STORY, joined.toString());
    }

    @Test
    void capitalNamesLoseTheirNotes() {
        assertEquals("Jerusalem", ChoiceSuites.cleanCapital("Jerusalem: note - Israel proclaimed Jerusalem"));
        assertEquals("Pretoria", ChoiceSuites.cleanCapital("Pretoria (administrative capital); Cape Town"));
        assertEquals("Chisinau", ChoiceSuites.cleanCapital("Chisinau in Romanian"));
        assertEquals("Washington, DC", ChoiceSuites.cleanCapital("Washington, DC"));
    }

    @Test
    void wordNetSuitesOfferFourOptionsWithTheLemmaAmongThem() throws URISyntaxException {
        Path dict = Path.of(getClass().getResource("/wordnet/data.noun").toURI()).getParent();
        List<SuiteLine> defs = ChoiceSuites.wordnetDefinition(dict, 100);
        assertEquals(6 + 3 * 4, defs.size(), "one item per synset with a one-word lemma");
        for (SuiteLine l : defs) {
            assertEquals(4, l.options().size(), l.toJson());
            assertEquals(4, l.options().stream().distinct().count());
            assertTrue(l.context().startsWith("Definition: ") && l.context().endsWith("\nWord:"));
        }
        SuiteLine kettle = defs.stream().filter(l -> l.id().equals("wordnet_definition/noun/00000003")).findFirst()
                .orElseThrow();
        assertEquals(" kettle", kettle.options().get(kettle.answer()));
        assertFalse(kettle.options().contains(" boiler"), "a synonym is never a distractor");

        List<SuiteLine> cloze = ChoiceSuites.wordnetCloze(dict, 100);
        SuiteLine harbor = cloze.stream().filter(l -> l.id().startsWith("wordnet_cloze/noun/00000002")).findFirst()
                .orElseThrow();
        assertEquals("the ships sailed into the", harbor.context());
        assertEquals(" harbor at dawn", harbor.options().get(harbor.answer()));
        assertTrue(harbor.options().stream().allMatch(o -> o.endsWith(" at dawn")));
    }
}
