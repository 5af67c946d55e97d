package org.smalltolarge.corpus;

import org.smalltolarge.corpus.build.BuildConfig;
import org.smalltolarge.corpus.build.CorpusBuilder;

import java.nio.file.Path;

/**
 * Command line: {@code build [--out DIR] [--cap-mb N] [--cache DIR]}, {@code stats [--dir DIR] [--cache DIR]},
 * {@code upload --to s3://bucket/prefix [--dir DIR] [--create-bucket]} and {@code fetch --from s3://bucket/prefix [--dir DIR]} (S3
 * endpoint and credentials from S2L_S3_ENDPOINT, S2L_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (CorpusFormatException | IllegalArgumentException | IllegalStateException
                 | org.smalltolarge.objectstore.S3Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        Path dir = CorpusStats.defaultDir();
        Path cache = null;
        long capMb = -1;
        String store = null;
        boolean createBucket = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--create-bucket")) {
                createBucket = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            switch (a) {
                case "--out", "--dir" -> dir = Path.of(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--cap-mb" -> capMb = parsePositive(a, args[++i]);
                case "--to", "--from" -> store = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        switch (args[0]) {
            case "build" -> {
                BuildConfig cfg = BuildConfig.defaults(dir);
                if (capMb > 0) {
                    cfg = cfg.withCapBytes(capMb << 20);
                }
                if (cache != null) {
                    cfg = cfg.withCache(cache);
                }
                long t0 = System.nanoTime();
                System.out.println("building corpus in " + dir.toAbsolutePath());
                new CorpusBuilder(cfg, System.out).build();
                System.out.println();
                CorpusStats.print(Corpus.open(dir), System.out);
                System.out.printf("%nbuild finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                return 0;
            }
            case "stats" -> {
                CorpusStats.print(Corpus.open(dir, cache), System.out);
                return 0;
            }
            case "upload", "fetch" -> {
                if (store == null) {
                    throw new IllegalArgumentException(args[0] + " needs " + (args[0].equals("upload") ? "--to" : "--from")
                            + " s3://bucket/prefix");
                }
                CorpusStore target = CorpusStore.at(store, System::getenv);
                if (createBucket) {
                    target.createBucket();
                }
                long t0 = System.nanoTime();
                CorpusStore.Transfer t = args[0].equals("upload") ? target.upload(dir, System.out)
                        : target.fetch(dir, System.out);
                System.out.printf("%s: %d files, %d %s (%.1f MB) in %.1f s; every file matches %s%n",
                        args[0].equals("upload") ? "uploaded " + dir + " to " + store
                                : "fetched " + store + " into " + dir,
                        t.files(), t.transferred(), args[0].equals("upload") ? "sent" : "downloaded",
                        t.bytesTransferred() / 1e6, (System.nanoTime() - t0) / 1e9, CorpusManifest.FILE);
                return 0;
            }
            default -> {
                usage();
                return 2;
            }
        }
    }

    private static long parsePositive(String option, String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
    }

    private static void usage() {
        System.err.println("usage: data build [--out DIR] [--cap-mb N] [--cache DIR]\n"
                + "       data stats [--dir DIR] [--cache DIR]   (DIR: a built corpus or a folder of JSONL files)\n"
                + "       data upload --to s3://BUCKET/PREFIX [--dir DIR] [--create-bucket]   (a built corpus, verified, manifest last)\n"
                + "       data fetch --from s3://BUCKET/PREFIX [--dir DIR]   (verified against the manifest)\n"
                + "       S3: S2L_S3_ENDPOINT, S2L_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY");
    }
}
