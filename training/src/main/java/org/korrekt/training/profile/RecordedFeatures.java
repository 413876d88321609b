package org.korrekt.training.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.korrekt.features.ClaimFeatures;

/**
 * The checks and the reading of a table of recorded claim features (such as a labels export of the
 * scoring service): one column per feature of {@link ClaimFeatures#SCHEMA}, and per row the
 * fingerprint of the schema the row was scored with.
 */
final class RecordedFeatures {

    private RecordedFeatures() {}

    /**
     * The feature vector of a row of recorded features, after checking that the row was scored with
     * {@link ClaimFeatures#SCHEMA}.
     */
    static double[] vector(Object[] cells, int fingerprintAt, int from, long rowNumber, String idColumn, String id) {
        String expected = ClaimFeatures.SCHEMA.fingerprint();
        String fingerprint = Cells.text(cells[fingerprintAt]);
        if (!expected.equals(fingerprint)) {
            throw new IllegalArgumentException("row " + rowNumber + " (" + idColumn + " " + id
                    + ") was scored with feature schema fingerprint "
                    + (fingerprint == null ? "(none)" : fingerprint) + ", but this korrekt's "
                    + ClaimFeatures.SCHEMA.name() + " v" + ClaimFeatures.SCHEMA.version() + " has fingerprint "
                    + expected + ": the labels were scored with another feature schema; train on them with the"
                    + " korrekt version that scored them, or export only labels scored with this schema");
        }
        List<String> names = ClaimFeatures.SCHEMA.names();
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) {
            double value = Cells.number(cells[from + j], names.get(j));
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("row " + rowNumber + " (" + idColumn + " " + id + ") has "
                        + value + " in feature column '" + names.get(j) + "'; a recorded feature is finite or"
                        + " missing (null)");
            }
            x[j] = value;
        }
        return x;
    }

    /**
     * Checks up front that a table of recorded features has every column the profile reads: its
     * own columns, {@value ProfileDataReader#SCHEMA_FINGERPRINT_COLUMN} and one column per claim feature. Audit group
     * columns may be absent.
     */
    static void requireColumns(ProfileDefinition profile, String source, List<String> present) throws ProfileException {
        ProfileDefinition.Columns c = profile.columns();
        List<String> required = new ArrayList<>(List.of(c.id(), c.time(), c.label(), c.amount()));
        for (String optional : Arrays.asList(
                c.group(),
                c.incorrectAmount(),
                c.investigated(),
                c.randomControl(),
                profile.weighting().recordedColumn())) {
            if (optional != null) {
                required.add(optional);
            }
        }
        if (profile.filter() != null) {
            required.add(profile.filter().column());
        }
        required.addAll(profile.audit().breakdowns());
        required.add(ProfileDataReader.SCHEMA_FINGERPRINT_COLUMN);
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!present.contains(column) && !missing.contains(column)) {
                missing.add(column);
            }
        }
        List<String> missingFeatures = new ArrayList<>();
        for (String feature : ClaimFeatures.SCHEMA.names()) {
            if (!present.contains(feature)) {
                missingFeatures.add(feature);
            }
        }
        if (missing.isEmpty() && missingFeatures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(source)
                .append(" is not a table of recorded claim features (such as a labels export of korrekt"
                        + " export-labels) for profile ")
                .append(profile.name())
                .append(':');
        if (!missing.isEmpty()) {
            message.append(" it lacks the columns ")
                    .append(String.join(", ", missing))
                    .append(';');
        }
        if (!missingFeatures.isEmpty()) {
            message.append(" it lacks ")
                    .append(missingFeatures.size())
                    .append(" of the ")
                    .append(ClaimFeatures.SCHEMA.size())
                    .append(" feature columns of ")
                    .append(ClaimFeatures.SCHEMA.name())
                    .append(" v")
                    .append(ClaimFeatures.SCHEMA.version())
                    .append(": ")
                    .append(String.join(", ", missingFeatures))
                    .append(';');
        }
        message.setLength(message.length() - 1);
        throw new ProfileException(
                message.append(". Its columns are ").append(present).toString());
    }
}
