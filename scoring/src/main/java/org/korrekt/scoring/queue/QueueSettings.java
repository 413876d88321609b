package org.korrekt.scoring.queue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.korrekt.features.Benefit;

/**
 * How cases are routed to control units and ranked in their queues.
 *
 * @param unitByBenefit the control unit whose queue receives each benefit's cases, by benefit code;
 *     a benefit not listed goes to the unit named like its code
 * @param defaultCasesPerDay cases a unit releases a day until its lead sets a capacity
 * @param futureMonths per benefit code, the monthly payments a stop is expected to prevent; the
 *     expected value of a case is score x (amount + months x amount)
 * @param holdDays a held payment is due (must be cleared) this many days after the decision
 * @param ageRatePerDay how fast waiting raises a case's priority: e^rate a day (0.03 = 3 % a day)
 * @param holdBoost how much a held payment raises its priority: e^boost (ln 3: as if worth three times as much)
 * @param zone the time zone whose days the capacity counts
 */
public record QueueSettings(
        Map<String, String> unitByBenefit,
        int defaultCasesPerDay,
        Map<String, Integer> futureMonths,
        int holdDays,
        double ageRatePerDay,
        double holdBoost,
        ZoneId zone) {

    /** Most cases a unit may release a day. */
    public static final int MAX_CASES_PER_DAY = 100_000;

    private static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /**
     * The monthly benefits' default: 6 payments prevented by a stop, the low end of the 6 to 12
     * months an undetected error lasts (domain.md, synthetic-data spec, "F duration"). Benefits paid
     * per claim (VAB, parental and sickness benefit) prevent none.
     */
    private static final Map<String, Integer> DEFAULT_FUTURE_MONTHS = defaultFutureMonths();

    public QueueSettings {
        unitByBenefit = Collections.unmodifiableMap(new LinkedHashMap<>(unitByBenefit));
        futureMonths = Collections.unmodifiableMap(new LinkedHashMap<>(futureMonths));
        Objects.requireNonNull(zone, "zone");
        for (Map.Entry<String, String> e : unitByBenefit.entrySet()) {
            requireBenefit(e.getKey(), "unitByBenefit");
            if (!UNIT.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("unitByBenefit." + e.getKey()
                        + ": a unit name is lower-case letters, digits and '-', at most 40, was '" + e.getValue()
                        + "'");
            }
        }
        for (Map.Entry<String, Integer> e : futureMonths.entrySet()) {
            requireBenefit(e.getKey(), "futureMonths");
            if (e.getValue() < 0 || e.getValue() > 120) {
                throw new IllegalArgumentException(
                        "futureMonths." + e.getKey() + " must be in [0, 120], was " + e.getValue());
            }
        }
        if (defaultCasesPerDay < 0 || defaultCasesPerDay > MAX_CASES_PER_DAY) {
            throw new IllegalArgumentException(
                    "defaultCasesPerDay must be in [0, " + MAX_CASES_PER_DAY + "], was " + defaultCasesPerDay);
        }
        if (holdDays < 0 || holdDays > 60) {
            throw new IllegalArgumentException("holdDays must be in [0, 60], was " + holdDays);
        }
        if (!(ageRatePerDay >= 0 && ageRatePerDay <= 1)) {
            throw new IllegalArgumentException("ageRatePerDay must be in [0, 1], was " + ageRatePerDay);
        }
        if (!(holdBoost >= 0 && holdBoost <= 10)) {
            throw new IllegalArgumentException("holdBoost must be in [0, 10], was " + holdBoost);
        }
    }

    /** One unit per benefit, 50 cases a day, 6 months prevented for monthly benefits, 5 days to clear a hold. */
    public static QueueSettings defaults() {
        return new QueueSettings(
                Map.of(), 50, DEFAULT_FUTURE_MONTHS, 5, 0.03, Math.log(3), ZoneId.of("Europe/Stockholm"));
    }

    /** The unit whose queue receives a case about {@code benefitCode}. */
    public String unitFor(String benefitCode) {
        return unitByBenefit.getOrDefault(benefitCode, benefitCode);
    }

    /** Every unit a case can be routed to. */
    public Set<String> units() {
        Set<String> units = new java.util.TreeSet<>();
        for (Benefit b : Benefit.values()) {
            units.add(unitFor(b.code()));
        }
        return units;
    }

    /** The payments a stop of this benefit prevents, in SEK, for a payment of {@code amountSek}. */
    public double futureSek(String benefitCode, double amountSek) {
        return futureMonths.getOrDefault(benefitCode, 0) * amountSek;
    }

    /**
     * Reads settings from a JSON file; keys left out keep their defaults. Example: {@code
     * {"unitByBenefit": {"tfp": "family", "fp": "family"}, "defaultCasesPerDay": 40, "futureMonths":
     * {"bob": 12}, "holdDays": 5, "ageRatePerDay": 0.03, "holdBoost": 1.1, "zone": "Europe/Stockholm"}}.
     *
     * @throws IllegalArgumentException naming the file and key, for a file that cannot be read or a bad value
     */
    public static QueueSettings read(Path file) {
        JsonObject json;
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("queue settings " + file + " do not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the queue settings " + file + ": " + e, e);
        }
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(
                    "queue settings " + file + " must be one JSON object (docs/operations.md, \"Work queues\")", e);
        }
        QueueSettings d = defaults();
        try {
            for (String key : json.fieldNames()) {
                if (!Set.of(
                                "unitByBenefit",
                                "defaultCasesPerDay",
                                "futureMonths",
                                "holdDays",
                                "ageRatePerDay",
                                "holdBoost",
                                "zone")
                        .contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "'");
                }
            }
            Map<String, String> units = new LinkedHashMap<>();
            JsonObject u = json.getJsonObject("unitByBenefit", new JsonObject());
            for (String k : u.fieldNames()) {
                units.put(k, u.getString(k));
            }
            Map<String, Integer> months = new LinkedHashMap<>(d.futureMonths());
            JsonObject m = json.getJsonObject("futureMonths", new JsonObject());
            for (String k : m.fieldNames()) {
                months.put(k, m.getInteger(k));
            }
            return new QueueSettings(
                    units,
                    json.getInteger("defaultCasesPerDay", d.defaultCasesPerDay()),
                    months,
                    json.getInteger("holdDays", d.holdDays()),
                    json.getDouble("ageRatePerDay", d.ageRatePerDay()),
                    json.getDouble("holdBoost", d.holdBoost()),
                    ZoneId.of(json.getString("zone", d.zone().getId())));
        } catch (ClassCastException | NullPointerException | DateTimeException | IllegalArgumentException e) {
            throw new IllegalArgumentException("queue settings " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireBenefit(String code, String key) {
        if (Benefit.fromCode(code) == null) {
            throw new IllegalArgumentException(
                    key + ": '" + code + "' is not a benefit code; the codes are " + Benefit.codes());
        }
    }

    private static Map<String, Integer> defaultFutureMonths() {
        Map<String, Integer> months = new LinkedHashMap<>();
        for (Benefit b : Benefit.values()) {
            months.put(
                    b.code(),
                    switch (b) {
                        case TFP, FP, SP -> 0;
                        default -> 6;
                    });
        }
        return months;
    }
}
