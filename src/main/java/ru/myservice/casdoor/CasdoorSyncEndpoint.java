package ru.myservice.casdoor;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The operator's handle on the sync, on the management port only: {@code GET /actuator/casdoorsync}
 * shows the queue; {@code POST /actuator/casdoorsync} re-queues every account (after the first
 * deploy, or once Casdoor is back from a long outage and jobs were parked).
 */
@Component
@Endpoint(id = "casdoorsync")
public class CasdoorSyncEndpoint {

    private static final Logger log = LoggerFactory.getLogger(CasdoorSyncEndpoint.class);

    private final SyncJobs jobs;
    private final CasdoorSyncTriggers triggers;

    CasdoorSyncEndpoint(SyncJobs jobs, CasdoorSyncTriggers triggers) {
        this.jobs = jobs;
        this.triggers = triggers;
    }

    @ReadOperation
    public Map<String, Long> queue() {
        return Map.of("pending", jobs.count(false), "parked", jobs.count(true));
    }

    @WriteOperation
    public Map<String, Integer> requeueAll() {
        int queued = triggers.requestAll();
        log.info("Operator re-queued the Casdoor sync of {} accounts", queued);
        return Map.of("queued", queued);
    }
}
