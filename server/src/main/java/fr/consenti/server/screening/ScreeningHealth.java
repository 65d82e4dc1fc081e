package fr.consenti.server.screening;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code screening}: UP while this node's index is within its stale bound,
 * OUT_OF_SERVICE past it (every check then answers SCREENING_DATA_STALE), with the lag and the feed position.
 */
@Component("screening")
final class ScreeningHealth implements HealthIndicator {

    private final ScreeningService screening;

    ScreeningHealth(ScreeningService screening) {
        this.screening = screening;
    }

    @Override
    public Health health() {
        Health.Builder builder = screening.isStale() ? Health.outOfService() : Health.up();
        return builder.withDetail("lagMillis", screening.lag().toMillis())
                .withDetail("staleBoundMillis", screening.staleBound().toMillis())
                .withDetail("feedPosition", screening.position())
                .build();
    }
}
