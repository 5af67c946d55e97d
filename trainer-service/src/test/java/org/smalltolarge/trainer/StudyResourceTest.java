package org.smalltolarge.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.testsupport.KafkaAndMongoResource;

/** The REST face of study intake, end to end through the real broker and server. */
@Tag("slow") // boots the service
@QuarkusTest
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class StudyResourceTest {

    @Test
    void invalidSpecIsAnswered400WithEveryFieldError() {
        String id = "rest-bad-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = StudyIntakeOverKafkaTest.tinyStudy(id)
                .replace("mixture: {code_java: 3, code_python: 1}", "mixture: {code_java: 0, code_python: 1}")
                .replace("d_model: 64, layers: 2, heads: 2", "d_model: 64, layers: 2, heads: 3")
                .replace("reference: ref", "reference: big");
        List<String> paths = StudyIntakeOverKafkaTest.EXPECTED_ERRORS.stream()
                .map(e -> e.substring(0, e.indexOf(": "))).toList();
        given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400)
                .body("errors", hasSize(3))
                .body("errors.path", containsInAnyOrder(paths.toArray()));
        given().when().get("/studies/" + id).then().statusCode(404);
    }

    @Test
    void notYamlIsAnswered400WithTheParserPosition() {
        given().contentType("application/yaml").body("id: demo\nscales: [\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400)
                .body("errors[0].path", equalTo("$"));
    }

    @Test
    void validSpecIsPublishedThenStoredWithItsRuns() throws InterruptedException {
        String id = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/yaml").body(StudyIntakeOverKafkaTest.tinyStudy(id).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.endsWith("/studies/" + id))
                .body("study_id", equalTo(id))
                .body("runs", equalTo(4));

        // The request travels over Kafka to the intake consumer; wait until the study is stored.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status;
        do {
            Thread.sleep(200);
            status = given().when().get("/studies/" + id).then().extract().statusCode();
        } while (status == 404 && System.nanoTime() < deadline);
        assertEquals(200, status);
        given().when().get("/studies/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("planned"))
                .body("run_ids", hasSize(4));
        List<String> runIds = given().when().get("/studies/" + id + "/runs").then().statusCode(200)
                .body("$", hasSize(4)).extract().jsonPath().getList("id", String.class);
        given().when().get("/runs/" + runIds.get(0)).then().statusCode(200)
                .body("study_id", equalTo(id))
                .body("status", equalTo("planned"));
        given().when().get("/runs/nope").then().statusCode(404);
    }
}
