package org.korrekt.training.synthetic;

import java.util.List;
import org.korrekt.features.Application;
import org.korrekt.training.data.ClaimRecord;
import org.korrekt.training.data.PersonRecord;

/**
 * A generated history.
 *
 * @param persons every person
 * @param claims the historical applications with both label layers, in submission order
 * @param incoming applications submitted after the history, without labels, in submission order
 */
public record SyntheticHistory(List<PersonRecord> persons, List<ClaimRecord> claims, List<Application> incoming) {

    public SyntheticHistory {
        persons = List.copyOf(persons);
        claims = List.copyOf(claims);
        incoming = List.copyOf(incoming);
    }
}
