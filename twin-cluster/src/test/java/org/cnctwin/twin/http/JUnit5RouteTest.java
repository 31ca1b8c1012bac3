package org.cnctwin.twin.http;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.Future;

/**
 * Pekko HTTP's route testkit for JUnit 5: its own base class speaks JUnit 4, so this one reports
 * through Jupiter's assertions. Subclasses give the actor system.
 */
abstract class JUnit5RouteTest extends RouteTest {

    protected abstract org.apache.pekko.actor.typed.ActorSystem<?> typedSystem();

    @Override
    public ActorSystem system() {
        return Adapter.toClassic(typedSystem());
    }

    @Override
    public Materializer materializer() {
        return Materializer.matFromSystem(typedSystem());
    }

    @Override
    public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
        return new TestRouteResult(result, awaitDuration(), system().dispatcher(), materializer()) {
            @Override
            public void fail(String message) {
                org.junit.jupiter.api.Assertions.fail(request.method().name() + " " + request.getUri() + ": " + message);
            }

            @Override
            public void assertEquals(Object expected, Object actual, String message) {
                org.junit.jupiter.api.Assertions.assertEquals(expected, actual, () -> request.getUri() + ": " + message + " " + entityString());
            }

            @Override
            public void assertEquals(int expected, int actual, String message) {
                org.junit.jupiter.api.Assertions.assertEquals(expected, actual, () -> request.getUri() + ": " + message + " " + entityString());
            }

            @Override
            public void assertTrue(boolean condition, String message) {
                org.junit.jupiter.api.Assertions.assertTrue(condition, () -> request.getUri() + ": " + message);
            }
        };
    }
}
