// Validates Kubernetes manifests (YAML documents on standard input) against the API's own
// OpenAPI schemas, as packaged by the npm module kubernetes-models: required fields, types,
// formats. Kinds it has no schema for (custom resources such as ServiceMonitor) are listed
// as skipped. Prints one JSON line per document; exits 1 if any is invalid.
// Usage: helm template ... | node validate-manifests.mjs, with the script in a folder whose
// node_modules has kubernetes-models and js-yaml (ES modules resolve from the script's folder).
import yaml from "js-yaml";

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes("/") ? `kubernetes-models/${apiVersion}/${kind}` : `kubernetes-models/v1/${kind}`;
  try {
    return (await import(path))[kind];
  } catch (notFound) {
    return undefined;
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  let invalid = 0;
  for (const document of yaml.loadAll(input)) {
    if (!document) continue;
    const name = document.metadata && document.metadata.name;
    const Model = await modelFor(String(document.apiVersion), String(document.kind));
    if (!Model) {
      console.log(JSON.stringify({ kind: document.kind, apiVersion: document.apiVersion, name, result: "skipped" }));
      continue;
    }
    try {
      new Model(document).validate();
      console.log(JSON.stringify({ kind: document.kind, apiVersion: document.apiVersion, name, result: "valid" }));
    } catch (error) {
      invalid++;
      console.log(JSON.stringify({ kind: document.kind, apiVersion: document.apiVersion, name, result: "invalid", error: String(error.message) }));
    }
  }
  process.exit(invalid === 0 ? 0 : 1);
});
