package org.smalltolarge.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.testsupport.KafkaAndMongoResource;

/**
 * With S2L_API_TOKEN set (as the cluster overlays set it from a Secret), POST /studies needs the bearer token, and
 * reads do not. The filter is service-kit's, so every service has it; this service shows it is active.
 */
@Tag("slow") // boots the service
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class ApiTokenTest {
    // a constant: the profile may be loaded by another class loader than the test, so no random value
    static final String TOKEN = "token-for-the-api-token-test";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("s2l.api-token", TOKEN);
        }
    }

    @Test
    void mutatingRequestsNeedTheTokenAndReadsDoNot() {
        String id = "auth-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] study = StudyIntakeOverKafkaTest.tinyStudy(id).getBytes(StandardCharsets.UTF_8);
        given().contentType("application/yaml").body(study).when().post("/studies")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("S2L_API_TOKEN"));
        given().header("Authorization", "Bearer not-the-token").contentType("application/yaml").body(study)
                .when().post("/studies").then().statusCode(401);
        given().when().get("/studies/" + id).then().statusCode(404); // read: open, and nothing was stored
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/yaml").body(study)
                .when().post("/studies").then().statusCode(202);
    }
}
