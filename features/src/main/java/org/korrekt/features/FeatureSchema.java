package org.korrekt.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, versioned list of features: position {@code i} of every feature vector holds
 * feature {@code i} of the schema.
 *
 * <p>The {@link #fingerprint()} is a SHA-256 digest of the schema's name, version and every
 * feature's name, unit and definition. A model artifact records the fingerprint of the schema it
 * was trained on; a scorer refuses an artifact whose fingerprint differs from its running schema.
 * Instances are immutable and thread-safe.
 *
 * @param name the schema's name, e.g. {@code application}
 * @param version incremented whenever a feature is added, removed, reordered or redefined
 * @param features the features in vector order
 */
public record FeatureSchema(String name, int version, List<FeatureDefinition> features) {

    public FeatureSchema {
        Objects.requireNonNull(name, "name");
        features = List.copyOf(features);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature");
        }
        for (int i = 0; i < features.size(); i++) {
            for (int j = i + 1; j < features.size(); j++) {
                if (features.get(i).name().equals(features.get(j).name())) {
                    throw new IllegalArgumentException(
                            "feature '" + features.get(i).name() + "' appears twice in schema " + name);
                }
            }
        }
    }

    /** The number of features, the length of every feature vector. */
    public int size() {
        return features.size();
    }

    /** The feature at vector position {@code index}. */
    public FeatureDefinition feature(int index) {
        return features.get(index);
    }

    /**
     * The vector position of the named feature.
     *
     * @return the index, or -1 when the schema has no such feature
     */
    public int indexOf(String featureName) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(featureName)) {
                return i;
            }
        }
        return -1;
    }

    /** The feature names in vector order. */
    public List<String> names() {
        return features.stream().map(FeatureDefinition::name).toList();
    }

    /** SHA-256 of the schema's canonical text, as 64 lower-case hex digits. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        canonical.append(name).append('\n').append(version).append('\n');
        for (FeatureDefinition feature : features) {
            canonical
                    .append(feature.name())
                    .append('\t')
                    .append(feature.unit())
                    .append('\t')
                    .append(feature.definition())
                    .append('\n');
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
