package org.korrekt.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every feature korrekt knows, with its governance (see {@link CatalogueEntry}). Model schemas
 * take their features from here; protected attributes are declared here too, so that fairness
 * audits can carry them, and so that training can refuse them by name.
 *
 * <p>The legal bases cite the Swedish Social Insurance Code (socialförsäkringsbalken, SFB) on the
 * agency's duty to investigate what is declared; they are the project's reading, for the
 * data-protection officer to confirm, not legal advice.
 * docs/features.md is generated from this class.
 */
public final class FeatureCatalogue {

    private static final String CONTROL = "SFB 110 kap. 13 §: the agency's duty to investigate what is declared;"
            + " purpose: preventing incorrect payments";
    private static final String AUDIT_ONLY = "Processed only to audit the selection for discrimination"
            + " (diskrimineringslagen 2008:567; GDPR art. 9 and 22); never a model input";

    private static final Map<String, CatalogueEntry> ENTRIES = new LinkedHashMap<>();

    static {
        FeatureSchema v1 = ApplicationFeatures.SCHEMA_V1;
        add(v1, "amount_sek_log", "applications", "never missing: the amount is required", CONTROL);
        add(v1, "claimed_days", "applications", "never missing: required", CONTROL);
        add(v1, "claimed_day_share", "applications", "never missing: the period has at least one day", CONTROL);
        add(
                v1,
                "submission_lag_days",
                "applications",
                "never missing: dates are required",
                CONTROL + "; SFB 13 kap. 32 § (VAB within 90 days)");
        add(v1, "amount_to_income_ratio", "applications", "income below 1,000 SEK counts as 1,000 SEK", CONTROL);
        add(v1, "declared_income_sek_log", "applications", "an income of 0 gives 0", CONTROL);
        add(v1, "paper_channel", "applications", "never missing: the channel is required", CONTROL);
        add(v1, "benefit_tfp", "applications", "never missing", CONTROL);
        add(v1, "benefit_fp", "applications", "never missing", CONTROL);
        add(v1, "benefit_sp", "applications", "never missing", CONTROL);
        add(v1, "benefit_bob", "applications", "never missing", CONTROL);
        FeatureSchema h = org.korrekt.features.history.HistoryFeatures.SCHEMA;
        String unknownIsZero = "no known event gives 0";
        add(h, "prior_claims_365d", "applications", unknownIsZero, CONTROL);
        add(h, "paid_sek_365d_log", "payments", unknownIsZero, CONTROL);
        add(
                h,
                "child_present_on_claimed_days",
                "childcare_attendance",
                "no attendance reported gives 0",
                CONTROL + "; SFB 110 kap. 31 § (information from preschools and schools)");
        add(
                h,
                "other_parent_overlap_days",
                "applications",
                unknownIsZero,
                CONTROL + "; SFB 13 kap. (one parent per child and day)");
        add(
                h,
                "employer_absence_shortfall_share",
                "monthly_income",
                "no employer declaration known for the month gives 0",
                CONTROL + "; SFB 110 kap. 31 § and the monthly employer declarations (AGI) of"
                        + " skatteförfarandelagen 26 kap.");
        add(
                h,
                "assistant_hours_on_claimed_days",
                "assistant_timesheets",
                "no timesheet known gives 0",
                CONTROL + "; SFB 51 kap. (time reports for assistance allowance)");
        add(
                h,
                "declared_to_employer_income_ratio",
                "monthly_income",
                "no pay known counts as 1,000 SEK; missing when, besides, no address registration of the person is"
                        + " known (new to the history, evicted from it, or pseudonymised under another key)",
                CONTROL + "; SFB 25-26 kap. (the sickness-benefit-qualifying income) and AGI");
        add(
                h,
                "employer_pay_to_declared_ratio",
                "monthly_income",
                "no pay known gives 0",
                CONTROL + "; SFB 97 kap. (income for housing allowance) and AGI");
        add(h, "employer_income_in_period_sek", "monthly_income", "no pay known gives 0", CONTROL + "; AGI");
        add(
                h,
                "permit_expired_days",
                "persons",
                "no temporary permit gives 0",
                CONTROL + "; SFB 5 kap. (residence-based insurance) and Migrationsverket's permit data");
        add(
                h,
                "co_registered_adults",
                "address_registrations",
                "no known registration gives 0",
                CONTROL + "; SFB 18 kap. and 97 kap. (household) and the population register");
        add(h, "sgi_benefit", "applications", "never missing", CONTROL);
        add(h, "benefit_uhs", "applications", "never missing", CONTROL);
        add(h, "benefit_as", "applications", "never missing", CONTROL);
        add(
                h,
                "provider_licence_revoked_days",
                "providers",
                "a provider that is not named or not known gives 0",
                CONTROL + "; SFB 51 kap. (assistance allowance) and IVO's register of licensed assistance"
                        + " providers (LSS 23 §)");
        add(
                h,
                "assisted_hours_to_granted_ratio",
                "assistant_timesheets",
                "no timesheet known for the months read, or no granted hours, gives 0",
                CONTROL + "; SFB 51 kap. (time reports for assistance allowance)");

        protectedAttribute("sex", "the person's registered sex, F or M, as an indicator", "persons");
        protectedAttribute("age_years", "age in whole years on the day of the application", "persons");
        protectedAttribute("born_abroad", "1 when the person was born outside Sweden, else 0", "persons");
        protectedAttribute(
                "country_of_birth_group",
                "the country-of-birth group: Sweden, Nordic, Europe, outside Europe",
                "persons");
        protectedAttribute(
                "citizenship_or_permit",
                "citizenship or residence-permit type, a proxy for country of birth",
                "persons");
        protectedAttribute("language", "the language of correspondence, a proxy for origin", "not collected");
    }

    private FeatureCatalogue() {}

    private static void add(FeatureSchema schema, String name, String table, String missing, String legalBasis) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("feature " + name + " is not in schema " + schema.name());
        }
        ENTRIES.put(name, new CatalogueEntry(schema.feature(index), table, missing, legalBasis, false));
    }

    private static void protectedAttribute(String name, String definition, String table) {
        ENTRIES.put(
                name,
                new CatalogueEntry(
                        new FeatureDefinition(name, definition, "category", null, null, null),
                        table,
                        "missing stays missing: the audit reports it as its own group",
                        AUDIT_ONLY,
                        true));
    }

    /** Every entry, model features first, then the protected attributes. */
    public static List<CatalogueEntry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry of a feature, or {@code null} when the catalogue has none. */
    public static CatalogueEntry entry(String name) {
        return ENTRIES.get(name);
    }

    /**
     * Checks that every feature of {@code schema} may be a model input.
     *
     * @throws ProtectedFeatureException naming each protected or undeclared feature
     */
    public static void requireModelInputs(FeatureSchema schema) {
        List<String> problems = new ArrayList<>();
        for (FeatureDefinition feature : schema.features()) {
            CatalogueEntry entry = ENTRIES.get(feature.name());
            if (entry == null) {
                problems.add("feature '" + feature.name() + "' is not declared in the feature catalogue"
                        + " (source, legal basis, protected or not)");
            } else if (entry.protectedAttribute()) {
                problems.add("feature '" + feature.name() + "' is a protected attribute or a proxy for one: it may be"
                        + " carried for fairness audits but never used as a model input");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProtectedFeatureException("schema " + schema.name() + " v" + schema.version()
                    + " cannot train a model: " + String.join("; ", problems));
        }
    }

    /** When each reason code is given ({@link ReasonConditions}), as a paragraph of the catalogue. */
    private static String reasonConditions() {
        java.util.Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
        groups.put("high", new java.util.ArrayList<>());
        groups.put("event", new java.util.ArrayList<>());
        groups.put("above1", new java.util.ArrayList<>());
        groups.put("atLeast1", new java.util.ArrayList<>());
        groups.put("any", new java.util.ArrayList<>());
        for (FeatureDefinition d : ClaimFeatures.SCHEMA.features()) {
            if (!d.explainable()) {
                continue;
            }
            ReasonConditions.Condition c = ReasonConditions.of(d.reasonCode());
            String group = c.relative()
                    ? "high"
                    : c.above() == Double.NEGATIVE_INFINITY
                            ? "any"
                            : c.above() == 0 ? "event" : c.above() == 1 ? "above1" : "atLeast1";
            groups.get(group).add("`" + d.reasonCode() + "`");
        }
        return "**When a reason is given.** A feature's reason code is given for a decision when the feature raises"
                + " the score and the reason's text is true of its value (`ReasonConditions`, `ScoringServiceTest`):\n"
                + "- the texts that say high, many, large or long (" + String.join(", ", groups.get("high"))
                + ") need a value above 0 and above the feature's mean over the rows the profile was trained on (its"
                + " logistic regression's standardisation; a model that records no mean gives none of them);"
                + " `LATE_APPLICATION` (\"long after the period\") needs more than "
                + (int) ReasonConditions.LATE_APPLICATION_DAYS
                + " days too, since the applications trained on come about a day after their period and a"
                + " self-service integrator saw it given for 2 days (the rules `RETROACTIVE_VAB` and `RETROACTIVE_FP`"
                + " say when a claim is too late);\n"
                + "- the texts that name an event (" + String.join(", ", groups.get("event"))
                + ") need a value above 0;\n"
                + "- " + String.join(" and ", groups.get("above1")) + " need a ratio above 1, "
                + String.join(", ", groups.get("atLeast1")) + " one of at least 1;\n"
                + "- " + String.join(", ", groups.get("any")) + " is true of any value.\n\n"
                + "A model can raise a score for a value its reason's text does not fit: the isolation forest scores an"
                + " unusually low value as anomalous, and trees need not rise with a feature. Such a contribution counts"
                + " in the score and is not given as a reason. Before this condition, on the demo's 2,000 incoming"
                + " applications, 401 of the 845 decisions that acted gave at least one reason whose text contradicted"
                + " its value (`EMPLOYER_PAY_ABOVE_DECLARED` at a ratio of 0.857, `HIGH_AMOUNT` for 0 SEK).\n";
    }

    /** docs/features.md. */
    public static String markdown() {
        StringBuilder md = new StringBuilder(8_192);
        md.append("# Feature catalogue\n\n")
                .append("Generated from `org.korrekt.features.FeatureCatalogue` (a test keeps this file in sync; to\n")
                .append("regenerate: `java -cp features/target/classes org.korrekt.features.FeatureCatalogueDocs")
                .append(" docs/features.md`).\n\n")
                .append(
                        "Model features may be model inputs; protected attributes (and known proxies) are carried for\n")
                .append("fairness audits only, and training refuses them by name. The legal bases are the project's\n")
                .append("reading, for the data-protection officer to confirm.\n\n");
        FeatureSchema claim = ClaimFeatures.SCHEMA;
        md.append("## Model features: schema `")
                .append(claim.name())
                .append("` v")
                .append(claim.version())
                .append("\n\nFingerprint `")
                .append(claim.fingerprint())
                .append("`.\n\n")
                .append(
                        "| # | feature | definition | unit | source | when data is missing | reason code | legal basis / purpose |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        int i = 0;
        for (CatalogueEntry e : ENTRIES.values()) {
            if (e.protectedAttribute()) {
                continue;
            }
            FeatureDefinition d = e.definition();
            md.append("| ")
                    .append(i++)
                    .append(" | `")
                    .append(d.name())
                    .append("` | ")
                    .append(d.definition())
                    .append(" | ")
                    .append(d.unit())
                    .append(" | ")
                    .append(e.sourceTable())
                    .append(" | ")
                    .append(e.missingPolicy())
                    .append(" | ")
                    .append(
                            d.explainable()
                                    ? "`" + d.reasonCode() + "`: " + d.reasonEn() + " / " + d.reasonSv()
                                    : "context only")
                    .append(" | ")
                    .append(e.legalBasis())
                    .append(" |\n");
        }
        md.append("\n").append(reasonConditions());
        md.append("\n## Protected attributes (audit only)\n\n")
                .append("| attribute | definition | source | legal basis / purpose |\n|---|---|---|---|\n");
        for (CatalogueEntry e : ENTRIES.values()) {
            if (e.protectedAttribute()) {
                md.append("| `")
                        .append(e.name())
                        .append("` | ")
                        .append(e.definition().definition())
                        .append(" | ")
                        .append(e.sourceTable())
                        .append(" | ")
                        .append(e.legalBasis())
                        .append(" |\n");
            }
        }
        return md.toString();
    }
}
