package org.korrekt.scoring.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;

/**
 * The query parameters of a route that takes some: each of them at most once, and no other. A typo
 * ({@code ?limt=5}) would otherwise be read as the default, and a second value ({@code
 * ?limit=5&limit=500}) as whichever came first; both are refused with 400 {@code INVALID_PARAMETER}.
 * A value is quoted back in an error only when it holds no personal identity number.
 */
final class QueryParameters {

    private final MultiMap values;

    private QueryParameters(MultiMap values) {
        this.values = values;
    }

    /** The request's query parameters, checked to be among {@code names} and given once each. */
    static QueryParameters of(RoutingContext ctx, String... names) {
        MultiMap values = ctx.queryParams();
        Set<String> taken = Set.of(names);
        for (String name : values.names()) {
            if (!taken.contains(name)) {
                throw new RequestException(
                        ErrorCode.INVALID_PARAMETER,
                        PersonalIdentityNumber.fieldName(name),
                        "no query parameter '" + PersonalIdentityNumber.quotable(name) + "' here; this route takes "
                                + String.join(", ", names));
            }
            List<String> all = values.getAll(name);
            if (all.size() > 1) {
                throw new RequestException(
                        ErrorCode.INVALID_PARAMETER,
                        name,
                        "give " + name + " once; it was given " + all.size() + " times");
            }
        }
        return new QueryParameters(values);
    }

    /** The value of {@code name}, or null when the request has none. */
    String get(String name) {
        return values.get(name);
    }

    /** The whole number {@code name} from {@code min} to {@code max}, or {@code otherwise} when absent. */
    int integer(String name, int otherwise, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RequestException(
                ErrorCode.INVALID_PARAMETER,
                name,
                name + " must be a whole number from " + min + " to " + max + ", was '"
                        + PersonalIdentityNumber.quotable(value) + "'");
    }
}
