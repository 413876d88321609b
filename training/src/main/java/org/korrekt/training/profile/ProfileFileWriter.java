package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.korrekt.training.evaluation.FairnessGate;

/**
 * Writes a {@link ProfileDefinition} as a profile file (JSON), every setting spelt out, defaults
 * included: read back with {@link ProfileDefinition#parse}, it gives an equal definition. A
 * bundle's {@code provenance.json} holds it, so the settings a bundle was trained with can be given
 * to {@code korrekt train --profile} again.
 */
final class ProfileFileWriter {

    private ProfileFileWriter() {}

    /** Writes {@code p} as one JSON object. */
    static void write(ProfileDefinition p, JsonGenerator g) throws IOException {
        ProfileDefinition.Columns columns = p.columns();
        ProfileDefinition.Filter filter = p.filter();
        ProfileDefinition.Split split = p.split();
        ProfileDefinition.Weighting weighting = p.weighting();
        ProfileDefinition.Logistic logistic = p.logistic();
        ProfileDefinition.Trees trees = p.trees();
        ProfileDefinition.Forest forest = p.forest();
        ProfileDefinition.Challenger challenger = p.challenger();
        ProfileDefinition.Combiner combiner = p.combiner();
        ProfileDefinition.Audit audit = p.audit();
        g.writeStartObject();
        g.writeStringField("name", p.name());
        if (!p.description().isEmpty()) {
            g.writeStringField("description", p.description());
        }
        g.writeStringField("features", p.features());
        optional(g, "table", p.table());
        g.writeObjectFieldStart("columns");
        g.writeStringField("id", columns.id());
        optional(g, "group", columns.group());
        g.writeStringField("time", columns.time());
        g.writeStringField("label", columns.label());
        g.writeStringField("positive", columns.positive());
        g.writeStringField("amount", columns.amount());
        optional(g, "incorrectAmount", columns.incorrectAmount());
        optional(g, "investigated", columns.investigated());
        optional(g, "randomControl", columns.randomControl());
        strings(g, "numeric", columns.numeric());
        strings(g, "categorical", columns.categorical());
        strings(g, "dates", columns.dates());
        strings(g, "excluded", columns.excluded());
        g.writeEndObject();
        if (filter != null) {
            g.writeObjectFieldStart("filter");
            g.writeStringField("column", filter.column());
            strings(g, "values", filter.values());
            g.writeEndObject();
        }
        optional(g, "rules", p.rules());
        g.writeObjectFieldStart("split");
        g.writeStringField("by", split.byTime() ? "time" : "random");
        g.writeNumberField("validationShare", split.validationShare());
        g.writeNumberField("testShare", split.testShare());
        g.writeNumberField("seed", split.seed());
        g.writeEndObject();
        g.writeObjectFieldStart("weighting");
        g.writeStringField("method", weighting.method());
        g.writeNumberField("maxWeight", weighting.maxWeight());
        optional(g, "column", weighting.recordedColumn());
        g.writeEndObject();
        g.writeObjectFieldStart("models");
        g.writeObjectFieldStart("logistic");
        g.writeNumberField("epochs", logistic.epochs());
        g.writeNumberField("learningRate", logistic.learningRate());
        g.writeEndObject();
        g.writeObjectFieldStart("trees");
        g.writeNumberField("trees", trees.trees());
        g.writeNumberField("maxDepth", trees.maxDepth());
        g.writeNumberField("eta", trees.eta());
        g.writeNumberField("subsample", trees.subsample());
        g.writeNumberField("colsample", trees.colsample());
        g.writeNumberField("minChildWeight", trees.minChildWeight());
        g.writeNumberField("lambda", trees.lambda());
        g.writeEndObject();
        g.writeObjectFieldStart("isolationForest");
        g.writeNumberField("trees", forest.trees());
        g.writeNumberField("sampleSize", forest.sampleSize());
        g.writeEndObject();
        if (challenger != null) {
            g.writeObjectFieldStart("smile");
            g.writeStringField("kind", challenger.kind());
            g.writeNumberField("trees", challenger.trees());
            g.writeNumberField("maxDepth", challenger.maxDepth());
            g.writeNumberField("maxNodes", challenger.maxNodes());
            g.writeNumberField("nodeSize", challenger.nodeSize());
            g.writeNumberField("shrinkage", challenger.shrinkage());
            g.writeNumberField("subsample", challenger.subsample());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("combiner");
        g.writeStringField("calibration", combiner.calibration());
        g.writeNumberField("calibrationShare", combiner.calibrationShare());
        g.writeNumberField("capacity", combiner.capacity());
        g.writeStringField("prior", combiner.prior());
        g.writeEndObject();
        g.writeObjectFieldStart("audit");
        strings(g, "groups", audit.groups());
        strings(g, "breakdowns", audit.breakdowns());
        FairnessGate gate = audit.gate();
        g.writeObjectFieldStart("gate");
        g.writeObjectFieldStart("bounds");
        for (Map.Entry<String, FairnessGate.Bounds> b : gate.bounds().entrySet()) {
            g.writeArrayFieldStart(b.getKey());
            g.writeNumber(b.getValue().low());
            g.writeNumber(b.getValue().high());
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeNumberField("minGroupRows", gate.minGroupRows());
        g.writeStringField("decideOn", gate.decideOn() == FairnessGate.Decision.INTERVAL ? "interval" : "estimate");
        strings(g, "attributes", gate.attributes());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String key, String value) throws IOException {
        if (value != null) {
            g.writeStringField(key, value);
        }
    }

    private static void strings(JsonGenerator g, String key, List<String> values) throws IOException {
        g.writeArrayFieldStart(key);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
