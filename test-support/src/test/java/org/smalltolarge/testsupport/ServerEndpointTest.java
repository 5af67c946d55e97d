package org.smalltolarge.testsupport;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerEndpointTest {

    @Test
    void describeHidesCredentials() {
        ServerEndpoint endpoint = new ServerEndpoint("mongodb://app:s3cret@db.example:27017/prod?authSource=admin",
                "environment QUARKUS_MONGODB_CONNECTION_STRING", ServerEndpoint.Kind.UNKNOWN);

        assertEquals("environment QUARKUS_MONGODB_CONNECTION_STRING mongodb://***@db.example:27017/prod?authSource=admin",
                endpoint.describe());
    }

    @Test
    void describeKeepsAddressesWithoutCredentials() {
        ServerEndpoint endpoint = new ServerEndpoint("127.0.0.1:19092", "project script", ServerEndpoint.Kind.KAFKA);

        assertEquals("project script 127.0.0.1:19092", endpoint.describe());
    }

    @Test
    void repoIsFoundFromTheModuleFolder() {
        // surefire runs in test-support/, one level below the folder holding infra/servers.sh
        assertTrue(Files.isRegularFile(ScriptServers.findRepo().resolve("infra/servers.sh")));
    }
}
