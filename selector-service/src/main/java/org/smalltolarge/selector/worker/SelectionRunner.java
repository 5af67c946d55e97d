package org.smalltolarge.selector.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.selector.config.SelectorConfig;
import org.smalltolarge.selector.domain.Selection;
import org.smalltolarge.selector.domain.SelectionAnalysis;
import org.smalltolarge.selector.domain.SelectionJob;
import org.smalltolarge.selector.domain.SelectionMethods;
import org.smalltolarge.selector.domain.SelectionPlan;
import org.smalltolarge.selector.domain.SelectionStatus;
import org.smalltolarge.selector.repository.SelectionRepository;
import org.smalltolarge.selector.service.PeerServices;
import org.smalltolarge.selector.service.SelectionIntake;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.Validation;

/**
 * Does one claimed step of a selection. Every step is a function of the request and what the other services
 * announced, and what it publishes is keyed by ids derived from the selection's, so a worker that takes over a step
 * from a dead one redoes it with the same result and the other services take the repeated request as a replay.
 */
@ApplicationScoped
public class SelectionRunner {
    private static final Logger LOG = Logger.getLogger(SelectionRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SelectorConfig config;
    private final SelectionRepository selections;
    private final SelectionIntake intake;
    private final PeerServices peers;
    private final EventPublisher events;

    public SelectionRunner(SelectorConfig config, SelectionRepository selections, SelectionIntake intake,
                           PeerServices peers, EventPublisher events) {
        this.config = config;
        this.selections = selections;
        this.intake = intake;
        this.peers = peers;
        this.events = events;
    }

    public void step(SelectionJob job, String worker, BooleanSupplier stopping) {
        try {
            SelectionPlan plan = SelectionPlan.resolve(job.request(), intake.corpus(job.request().corpus()));
            switch (job.phase()) {
                case SELECTING -> select(job, plan, worker);
                case SCORING -> score(job, plan, worker);
                case ANALYZING -> analyze(job, plan, worker);
                default -> throw new IllegalStateException("no step for phase " + job.phase());
            }
        } catch (IOException e) { // a peer service is down or not ready: the step is tried again later
            LOG.warnf("selection %s, step %s: %s; trying again later", job.id(), job.phase().stored(), e.getMessage());
            selections.release(job.id(), worker, job.phase());
        } catch (RequestRejectedException | RuntimeException e) {
            LOG.errorf(e, "selection %s failed in step %s", job.id(), job.phase().stored());
            if (selections.fail(job.id(), worker, job.phase().stored() + ": " + e.getMessage())) {
                intake.reject(job.id(), List.of(new FieldProblem(job.phase().stored(), String.valueOf(e.getMessage()))));
            }
        }
    }

    /** The baselines, then DsDm's attribution (or, without DsDm, the training study). */
    private void select(SelectionJob job, SelectionPlan plan, String worker) {
        selections.heartbeat(job.id(), worker, "selecting with the baselines");
        List<Selection> made = SelectionMethods.baselines(plan, plan.poolTexts(intake.corpus(plan.request().corpus())));
        selections.saveSelections(job.id(), worker, made);
        if (plan.usesDsdm()) {
            events.publish(plan.attributionRequest(job.receivedAt()));
            LOG.infof("selection %s: %d baseline selections made; DsDm's scores requested as attribution %s",
                    job.id(), made.size(), plan.attributionId());
            selections.await(job.id(), worker, SelectionStatus.WAITING_FOR_SCORES, SelectionStatus.SCORING);
        } else {
            requestTraining(job, plan, made, worker);
        }
    }

    /** DsDm's selections from each proxy scale's scores, then the training study. */
    private void score(SelectionJob job, SelectionPlan plan, String worker) throws IOException {
        List<Selection> made = new ArrayList<>();
        for (var scale : plan.request().proxyScales()) {
            selections.heartbeat(job.id(), worker, "reading DsDm scores of scale " + scale.name());
            PeerServices.MeanScores scores = peers.meanScores(plan.attributionId(), scale.name());
            if (!scores.examples().equals(plan.pool())) {
                throw new IllegalStateException("attribution " + plan.attributionId() + " scored another pool than"
                        + " this selection's (" + scores.examples().size() + " documents)");
            }
            made.addAll(SelectionMethods.dsdm(plan, scale.name(), scores.mean()));
        }
        job.selections().stream().filter(s -> !s.method().startsWith("dsdm")).forEach(made::add);
        selections.saveSelections(job.id(), worker, made);
        requestTraining(job, plan, made, worker);
    }

    private void requestTraining(SelectionJob job, SelectionPlan plan, List<Selection> made, String worker) {
        SelectionIntake.TrainingStudy study = intake.trainingStudy(plan, made);
        if (!study.problems().isEmpty()) {
            throw new IllegalStateException(study.problems().toString());
        }
        events.publish(new StudyRequested(plan.studyId(), study.spec(), job.receivedAt(),
                "selector-service:" + job.id()));
        LOG.infof("selection %s: the reference is trained on %d selections as study %s", job.id(), made.size(),
                plan.studyId());
        selections.await(job.id(), worker, SelectionStatus.WAITING_FOR_MODELS, SelectionStatus.ANALYZING);
    }

    /** Reads every run's holdout predictions from the evaluator and compares the selections. */
    private void analyze(SelectionJob job, SelectionPlan plan, String worker) throws IOException {
        Validation v = intake.trainingStudy(plan, job.selections()).validation();
        if (!v.valid()) {
            throw new IllegalStateException("the training study is invalid: " + v.errors());
        }
        String suite = plan.request().task().suite();
        Map<String, Integer> holdoutIndex = new HashMap<>();
        for (EvalItem item : plan.holdout()) {
            holdoutIndex.put(item.id(), holdoutIndex.size());
        }
        List<SelectionAnalysis.RunOutcome> runs = new ArrayList<>();
        List<PlannedRun> planned = StudyPlanner.plan(v.spec()).stream()
                .filter(run -> run.scale().name().equals(plan.request().reference().name())).toList();
        for (PlannedRun run : planned) {
            selections.heartbeat(job.id(), worker, "reading predictions of run " + (runs.size() + 1) + " of "
                    + planned.size());
            PeerServices.Predictions p = peers.predictions(run.runId(), suite);
            double[] losses = new double[holdoutIndex.size()];
            boolean[] correct = p.correct() == null ? null : new boolean[holdoutIndex.size()];
            int found = 0;
            for (int i = 0; i < p.itemIds().size(); i++) {
                Integer at = holdoutIndex.get(p.itemIds().get(i));
                if (at != null) {
                    losses[at] = p.losses()[i];
                    if (correct != null) {
                        correct[at] = p.correct()[i];
                    }
                    found++;
                }
            }
            if (found != holdoutIndex.size()) {
                throw new IllegalStateException("run " + run.runId() + " has predictions for " + found + " of the "
                        + holdoutIndex.size() + " holdout items of " + suite);
            }
            runs.add(new SelectionAnalysis.RunOutcome(run.distribution().name(), run.seed(), losses, correct));
        }
        SelectionAnalysis.Result result = SelectionAnalysis.analyze(compared(job, plan), runs,
                plan.request().seed());
        SelectionCompleted completed = new SelectionCompleted(job.id(),
                plan.usesDsdm() ? plan.attributionId() : null, plan.studyId(), suite, plan.holdout().size(),
                result.selections(), result.overlaps(), config.publicUrl() + "/selections/" + job.id() + "/report",
                Instant.now());
        if (selections.complete(job.id(), worker, completed, report(job, plan, completed, result))) {
            publishCompletion(selections.find(job.id()).orElseThrow());
        }
    }

    private static String report(SelectionJob job, SelectionPlan plan, SelectionCompleted completed,
                                 SelectionAnalysis.Result result) {
        return reportContent(job.request(), plan.pool().size(), plan.targets().stream().map(EvalItem::id).toList(),
                plan.holdout().stream().map(EvalItem::id).toList(), compared(job, plan), completed, result.itemLosses());
    }

    /**
     * The JSON report: the outcome ({@code summary}), the request, each scale's size and training compute, every
     * selection's documents and per-item holdout losses. Apart from the analysis so that a test can check that the
     * HTML report ({@code report.SelectionReport}) reads every field written here.
     */
    static String reportContent(SelectionRequested request, int poolSize, List<String> targetIds,
                                List<String> holdoutIds, List<Selection> made, SelectionCompleted completed,
                                Map<String, double[]> itemLosses) {
        ObjectNode report = JSON.createObjectNode();
        report.set("summary", EventJson.mapper().valueToTree(completed));
        report.put("pool_size", poolSize);
        report.set("holdout_items", JSON.valueToTree(holdoutIds));
        report.set("target_items", JSON.valueToTree(targetIds));
        report.set("request", EventJson.mapper().valueToTree(request));
        report.put("selection_size", request.size());
        var scales = report.putArray("proxy_scales");
        request.proxyScales().forEach(s -> scaleSize(scales.addObject(), s));
        scaleSize(report.putObject("reference"), request.reference());
        var list = report.putArray("selections");
        for (Selection s : made) {
            ObjectNode node = list.addObject();
            node.put("name", s.name());
            node.put("method", s.method());
            node.put("proxy_scale", s.proxyScale());
            node.put("rule", s.rule());
            node.set("documents", JSON.valueToTree(s.documents()));
            node.set("holdout_item_losses", JSON.valueToTree(itemLosses.get(s.name())));
        }
        return report.toString();
    }

    /** A scale's name, parameters, tokens and training compute of one model (6 x parameters x tokens). */
    private static void scaleSize(ObjectNode node, Scale scale) {
        node.put("name", scale.name());
        node.put("parameters", scale.model().parameters());
        node.put("tokens", scale.tokenBudget());
        node.put("flops_per_model", scale.flops());
    }

    /** The selections and the natural mixtures trained beside them: everything the comparison covers. */
    private static List<Selection> compared(SelectionJob job, SelectionPlan plan) {
        List<Selection> all = new ArrayList<>(job.selections());
        all.addAll(plan.mixtureEntries());
        return all;
    }

    public void publishCompletion(SelectionJob job) {
        events.publish(job.results());
        selections.markCompletionPublished(job.id());
    }
}
