package jp.oqsgateway.gateway.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a kind knows while it plans a job.
 *
 * @param jobId the id the job will have
 * @param trigger {@code schedule} or {@code api}
 * @param slot the schedule slot a scheduled run is for
 * @param requestedBy the API caller's subject, or {@code schedule}
 * @param now the gateway's clock when planning began
 */
public record PlanContext(
    UUID jobId, String trigger, Optional<Instant> slot, String requestedBy, Instant now) {}
