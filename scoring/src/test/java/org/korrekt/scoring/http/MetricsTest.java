package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aLabelValueCannotEndItsSampleOrAddOne() {
        Metrics metrics = new Metrics();
        metrics.request("/v1/x\"} 1\nkorrekt_decision_writer_up 0\n#\\", 200, 1_000);
        String text = metrics.render();
        assertThat(text)
                .contains("korrekt_http_requests_total{route=\"/v1/x\\\"} 1\\nkorrekt_decision_writer_up 0\\n#\\\\\","
                        + "status=\"200\"} 1")
                .doesNotContain("\nkorrekt_decision_writer_up 0");
    }

    @Test
    void routesBeyondTheBoundCountAsOther() {
        Metrics metrics = new Metrics();
        for (int i = 0; i < Metrics.MAX_ROUTES + 50; i++) {
            metrics.request("/route-" + i, 200, 1_000);
        }
        String text = metrics.render();
        assertThat(text).contains("route=\"/route-" + (Metrics.MAX_ROUTES - 1) + "\"");
        assertThat(text).doesNotContain("route=\"/route-" + Metrics.MAX_ROUTES + "\"");
        assertThat(text).contains("korrekt_http_requests_total{route=\"other\",status=\"200\"} 50");
    }
}
