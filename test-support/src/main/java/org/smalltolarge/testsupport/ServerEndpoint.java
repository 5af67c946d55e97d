package org.smalltolarge.testsupport;

/**
 * Where one test server is and what it is.
 *
 * @param address what a client connects to: a Kafka bootstrap list, or a MongoDB connection string
 * @param source  human-readable origin, e.g. "project script" or "Testcontainers apache/kafka:4.1.2"
 * @param kind    what actually answers on the address
 */
public record ServerEndpoint(String address, String source, Kind kind) {

    public enum Kind {
        /** a real Apache Kafka broker */
        KAFKA,
        /** a real mongod (Testcontainers) */
        MONGOD,
        /** mongo-java-server: MongoDB wire protocol, no multi-document transactions */
        MONGO_JAVA_SERVER,
        /** given by the environment; what runs there is not known */
        UNKNOWN
    }

    /** e.g. "project script 127.0.0.1:19092"; credentials in a connection string are hidden. */
    public String describe() {
        return source + " " + address.replaceAll("//[^/@]*@", "//***@");
    }
}
