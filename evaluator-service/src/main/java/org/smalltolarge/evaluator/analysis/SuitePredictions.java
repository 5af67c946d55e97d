package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per-example predictions of one run on one test set (suite). Arrays are copied in and out, so an instance
 * never changes after construction.
 *
 * @param contentHash the suite version scored; runs scored on different versions are never mixed
 * @param kind        {@code text} (loss over whole sequences), {@code cloze} (loss over answer tokens, maybe a
 *                    right/wrong outcome) or {@code choice} (multiple choice: right/wrong and a chance level)
 * @param losses      per example: mean negative log-likelihood over the scored tokens (nats)
 * @param correct     per example: was the model's answer right; null for plain text
 * @param chance      probability of a right answer by guessing (0.25 for 4-way choice); NaN when undefined
 * @param chosen      per example of a choice suite: the option the model ranked first (0-based); null for other
 *                    kinds, and for choice predictions stored before this was recorded
 * @param context     the scoring model's context (tokens); null where not recorded (older predictions)
 * @param itemsCut    items longer than the model's window (context + 1 tokens) that were cut to fit before scoring:
 *                    text keeps its first context + 1 bytes, cloze and choice items lose context from the left;
 *                    null where not recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuitePredictions(String suite, String contentHash, String kind, List<String> itemIds,
        double[] losses, boolean[] correct, double chance, int[] chosen, Integer context, Integer itemsCut) {

    public static final String TEXT = "text";
    public static final String CLOZE = "cloze";
    public static final String CHOICE = "choice";

    public SuitePredictions {
        requireText("suite", suite, suite);
        requireText("content_hash", contentHash, suite);
        if (!TEXT.equals(kind) && !CLOZE.equals(kind) && !CHOICE.equals(kind)) {
            throw invalid(suite, "kind must be text, cloze or choice, got '" + kind + "'");
        }
        if (itemIds == null || itemIds.isEmpty()) {
            throw invalid(suite, "item_ids is empty");
        }
        itemIds = List.copyOf(itemIds);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < itemIds.size(); i++) {
            if (!seen.add(itemIds.get(i))) {
                throw invalid(suite, "item_ids[" + i + "] '" + itemIds.get(i) + "' appears twice");
            }
        }
        if (losses == null || losses.length != itemIds.size()) {
            throw invalid(suite, "losses has " + (losses == null ? "no" : losses.length) + " entries, item_ids has "
                    + itemIds.size());
        }
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i]) || losses[i] < 0) {
                throw invalid(suite, "losses[" + i + "] (item '" + itemIds.get(i) + "') is " + losses[i]
                        + "; a mean negative log-likelihood is finite and >= 0");
            }
        }
        losses = losses.clone();
        if (TEXT.equals(kind) && correct != null) {
            throw invalid(suite, "a text suite has no right answer, so correct must be null");
        }
        if (CHOICE.equals(kind) && correct == null) {
            throw invalid(suite, "a choice suite needs correct");
        }
        if (correct != null) {
            if (correct.length != itemIds.size()) {
                throw invalid(suite, "correct has " + correct.length + " entries, item_ids has " + itemIds.size());
            }
            correct = correct.clone();
        }
        if (chosen != null) {
            if (!CHOICE.equals(kind)) {
                throw invalid(suite, "only a choice suite has chosen options");
            }
            if (chosen.length != itemIds.size()) {
                throw invalid(suite, "chosen has " + chosen.length + " entries, item_ids has " + itemIds.size());
            }
            for (int i = 0; i < chosen.length; i++) {
                if (chosen[i] < 0) {
                    throw invalid(suite, "chosen[" + i + "] is " + chosen[i] + "; options are numbered from 0");
                }
            }
            chosen = chosen.clone();
        }
        if (context != null && context < 1) {
            throw invalid(suite, "context is " + context + "; a model sees at least 1 token");
        }
        if (itemsCut != null && (itemsCut < 0 || itemsCut > itemIds.size())) {
            throw invalid(suite, "items_cut is " + itemsCut + "; it counts items, of which there are " + itemIds.size());
        }
        if (CHOICE.equals(kind) ? !(chance > 0 && chance < 1) : !(Double.isNaN(chance) || chance > 0 && chance < 1)) {
            throw invalid(suite, "chance is " + chance + "; it must lie in (0, 1)"
                    + (CHOICE.equals(kind) ? " for a choice suite" : ", or be NaN when there is no right answer"));
        }
    }

    /** Predictions without chosen options (text and cloze suites, or choice where they are not known). */
    public SuitePredictions(String suite, String contentHash, String kind, List<String> itemIds, double[] losses,
            boolean[] correct, double chance) {
        this(suite, contentHash, kind, itemIds, losses, correct, chance, null);
    }

    /** Predictions that do not record the model's context or the items cut to fit it. */
    public SuitePredictions(String suite, String contentHash, String kind, List<String> itemIds, double[] losses,
            boolean[] correct, double chance, int[] chosen) {
        this(suite, contentHash, kind, itemIds, losses, correct, chance, chosen, null, null);
    }

    /** Reads JSON where a missing or null chance means "no chance level" (JSON has no NaN). */
    @JsonCreator
    static SuitePredictions fromJson(@JsonProperty("suite") String suite,
            @JsonProperty("content_hash") String contentHash, @JsonProperty("kind") String kind,
            @JsonProperty("item_ids") List<String> itemIds, @JsonProperty("losses") double[] losses,
            @JsonProperty("correct") boolean[] correct, @JsonProperty("chance") Double chance,
            @JsonProperty("chosen") int[] chosen, @JsonProperty("context") Integer context,
            @JsonProperty("items_cut") Integer itemsCut) {
        return new SuitePredictions(suite, contentHash, kind, itemIds, losses, correct,
                chance == null ? Double.NaN : chance, chosen, context, itemsCut);
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public boolean[] correct() {
        return correct == null ? null : correct.clone();
    }

    @Override
    public int[] chosen() {
        return chosen == null ? null : chosen.clone();
    }

    public int size() {
        return itemIds.size();
    }

    public boolean hasChance() {
        return !Double.isNaN(chance);
    }

    private static void requireText(String field, String value, String suite) {
        if (value == null || value.isBlank()) {
            throw invalid(suite, field + " is missing");
        }
    }

    private static IllegalArgumentException invalid(String suite, String what) {
        return new IllegalArgumentException("suite predictions '" + suite + "': " + what);
    }
}
