package org.korrekt.scoring.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration, once committed, is never edited: a database it was applied to would otherwise be
 * refused by the next version (Flyway's checksum), or be left with another schema than a new one
 * gets. Up to V17 that happened during development (helper-42 found 36 commits whose databases the
 * head refuses); this test pins every migration's content, so that a change is made as a new
 * migration. Adding one means adding its line here.
 */
class MigrationsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** SHA-256 of each migration, with Windows line ends read as Unix ones. */
    private static final Map<String, String> PINNED = Map.ofEntries(
            Map.entry(
                    "V1__decisions_and_work_queue.sql",
                    "ea23cdda28786cd63f8c0f6dd8ed36258ea9f15294d1abd763ef3d6f77391fd8"),
            Map.entry(
                    "V2__decision_record_details.sql",
                    "0018975c8ae0dd3169ebf59441f0b1481c740101f3f18e3b721c3f04544c008a"),
            Map.entry(
                    "V3__decision_policy_and_questions.sql",
                    "f4cc6b1551deac899c86821b9d6c39e89aa33983c18f69e31374ee2945423f5e"),
            Map.entry(
                    "V4__case_work_outcomes_audit.sql",
                    "96f6d158802426759707a3feb62d5654c97f1ab6811efbdb44b1d829782ddbaf"),
            Map.entry("V5__scored_claim.sql", "aca2abcd37fb667f32c4801595846bff3a9f2d71119a9bfda436bef81eff14a5"),
            Map.entry(
                    "V6__decision_append_only.sql", "8410360ff12b0bf864c2679203819a1c9dccf40950ec3f309ae0a9b5e42d3216"),
            Map.entry("V7__history_event.sql", "796e25cef64ac5f54b3823451d55e5a80d0f2c9f244f196fd8a83d83952a0ef0"),
            Map.entry(
                    "V8__history_event_withdrawal.sql",
                    "0fbdf9466ffb70e05928217a33fd3701b0be8519e22a4d65567afc5c12cda64f"),
            Map.entry(
                    "V9__decision_recorded_xact.sql",
                    "eefb03bdc97970a68e8910c76ddd019b99b364fdc9994a876d87d79ccbeecfe2"),
            Map.entry(
                    "V10__decision_recorded_xact_index.sql",
                    "f9ec137e5e35118bf108518451d7409ce8cfe34b3701d6a22e735a1258568cdf"),
            Map.entry(
                    "V11__case_audit_assigned.sql", "020ba7b899971cdaa8f6576c3f0fe1bcd35da8967e5f8a2607e7b7f6ce27f582"),
            Map.entry("V12__model_change.sql", "4f09152a647e6a08784442e4b7d229b32159f0066c067c529a8e4ae8744dcb7e"),
            Map.entry(
                    "V13__case_note_outcome_no_truncate.sql",
                    "305a559b3a4fdbce223b59746511b5c48a60ce8f4370a4555d47b1dcb196ff37"),
            Map.entry(
                    "V14__decision_input_digest.sql",
                    "7452503dc0d7ccaf9cf9fd6464377c8510dfd5faa6500a8358e93437d38b8eba"),
            Map.entry(
                    "V15__case_audit_detail_and_no_delete.sql",
                    "6d540dc04c2a573af71c76446f815dd68747893c27b3ad4a01f234a9bf3350a4"),
            Map.entry(
                    "V16__decision_application_index.sql",
                    "052156ec2a180fef992200c523e52745fde31561dac4908784df593c5f0738b4"),
            Map.entry("V17__label_export.sql", "81f3952727c200240224e061f40a0e0f2883a304bdb7ed572f837e925a82bea9"),
            Map.entry("V18__service_key.sql", "39a3abdc91ac146a071d370bc948852d5a1fcd308bddd2ff12652017c638e2a4"),
            Map.entry("V19__decision_request.sql", "aaf2c5170a7c3cdeb37648d3d5926b6d58280f504b3fbc02948aa72719c5925d"),
            Map.entry(
                    "V20__decision_request_index.sql",
                    "407104d8d6cbcaba087f5b833bfca1791965055079054eb8bb330f91f200f98f"),
            Map.entry(
                    "V21__model_change_provenance.sql",
                    "9ec055a0a078b12d47d042674cf91f04bb4919fdd8166f70e95465744feac4df"),
            Map.entry(
                    "V22__service_key_append_only.sql",
                    "f2b174e7a96835d98bf3a71f1ec106fa4647ac27287e93eed894403a0f500934"),
            Map.entry(
                    "V23__case_outcome_correction.sql",
                    "b7fc46b2ec4409d1c600d787c95d4d19f15365de1d6f3ac991f88a0688b3728a"));

    @Test
    void noCommittedMigrationIsEditedAndEveryOneIsPinned() throws IOException {
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
                actual.put(file.getFileName().toString(), sha256(text));
            }
        }
        assertThat(actual)
                .as("a migration was edited, added without pinning it here, or removed: make a change a new"
                        + " migration, and pin a new one's SHA-256")
                .isEqualTo(new TreeMap<>(PINNED));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
