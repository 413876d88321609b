package org.korrekt.training.synthetic;

/**
 * The error mechanisms of {@code domain.md} section 7.6, with the stage at which each arises.
 * What each leaves in the data, and how a control finds it, is documented in docs/data.md.
 */
public enum Mechanism {
    /** FP or sickness benefit claimed on days with reported work or sick pay. */
    G1("Benefit days claimed while working or on sick pay", Timing.CHANGE, Timing.APPLICATION),
    /** VAB on days the child attended preschool or the parent did not stay home. */
    G2("VAB on days the child attended childcare", Timing.APPLICATION),
    /** Claims submitted long after the period (over 90 days for VAB). */
    G3("Late or retroactive claim", Timing.APPLICATION),
    /** Assistance hours reported on days the assistant claims VAB or parental benefit. */
    G4("Assistance hours overlapping the assistant's own VAB/FP", Timing.APPLICATION),
    /** Assistance hours over-reported, or paid after the provider's licence was revoked. */
    G5("Assistance hours over-reported or provider without licence", Timing.APPLICATION, Timing.CHANGE),
    /** Housing allowance on an under-estimated income. */
    G6("Income under-estimated for housing allowance", Timing.CHANGE, Timing.APPLICATION),
    /** An undeclared household member or cohabitation. */
    G7("Undeclared household member or cohabitation", Timing.CHANGE, Timing.APPLICATION),
    /** Activity support while working, on false absence reasons or abroad. */
    G8("Activity support while working or abroad", Timing.APPLICATION, Timing.CHANGE),
    /** An unreported change: work while on sickness or activity compensation, studies ended. */
    G9("Unreported change (work started, studies ended)", Timing.CHANGE),
    /** Residence permit expired or emigration not reported: no longer insured (FTH). */
    G10("Not insured: permit expired or emigrated", Timing.FTH),
    /** Income overstated at application, or a shell employer. */
    G11("Income overstated at application", Timing.APPLICATION),
    /** The agency's own error: a change processed after the payment, a calculation error. */
    G12("Agency error: late processing or miscalculation", Timing.CHANGE, Timing.APPLICATION);

    /** When in a case's life an error arises (Tabell 66). */
    public enum Timing {
        /** At application. */
        APPLICATION,
        /** Through changed circumstances. */
        CHANGE,
        /** Through wrong insurance eligibility (försäkringstillhörighet). */
        FTH
    }

    private final String description;
    private final java.util.Set<Timing> timings;

    Mechanism(String description, Timing first, Timing... more) {
        this.description = description;
        this.timings = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(first, more));
    }

    /** One line on what goes wrong. */
    public String description() {
        return description;
    }

    /** The stages at which the mechanism arises. */
    public java.util.Set<Timing> timings() {
        return timings;
    }
}
