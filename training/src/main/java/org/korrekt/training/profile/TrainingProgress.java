package org.korrekt.training.profile;

/** Where a training run reports its stages and their progress (a console, a log, nothing). */
public interface TrainingProgress {

    /** Starts a stage of {@code steps} steps (-1 when unknown). */
    Stage start(String name, long steps);

    /** A running stage. */
    interface Stage extends AutoCloseable {
        /** {@code done} steps are done. */
        void stepTo(long done);

        /** Says something about the stage (shown beside its bar). */
        default void note(String text) {}

        @Override
        void close();
    }

    /** Reports nothing. */
    static TrainingProgress silent() {
        return (name, steps) -> new Stage() {
            @Override
            public void stepTo(long done) {}

            @Override
            public void close() {}
        };
    }
}
