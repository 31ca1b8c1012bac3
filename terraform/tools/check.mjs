// An offline `terraform fmt -check` and `terraform validate` for this repository's Terraform, where
// no Terraform binary, provider or AWS account can be had. For every .tf file under the folders
// given (default: terraform/modules and terraform/environments):
//   - it parses (HashiCorp's HCL parser, @cdktf/hcl2json) and is formatted as hclwrite formats it
//     (@cdktf/hcl-tools, the formatter behind terraform fmt);
//   - every resource and data source type, argument and block exists in the AWS provider's schema,
//     and every required argument and block is present (the schema is read from the .jsii file of
//     @cdktf/provider-aws, generated from the provider's own schema);
//   - every reference resolves: var., local., module.<name>.<output> (against the module's source
//     folder), data. and resource addresses and the attribute read from them (when not behind an
//     index), each.* / count.* only where for_each / count is set;
//   - every IAM and IoT policy is an aws_iam_policy_document data source (so it parses as data), and
//     no statement allows "*" actions, or "*" resources unless every action in it is one AWS only
//     grants on "*".
// Usage: node check.mjs [--fix] [--self-test] [folder ...]   (--fix rewrites files formatted; the
// self-test runs the checks on tools/fixtures, each of whose files names the problems it must raise.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, getReferencesInExpression } from "@cdktf/hcl2json";
import { format } from "@cdktf/hcl-tools";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const META_ARGUMENTS = new Set(["count", "for_each", "provider", "depends_on", "lifecycle"]);
// Actions AWS grants only on "*" (no resource-level permissions).
const STAR_ONLY_ACTIONS = new Set(["ecr:GetAuthorizationToken", "sts:GetCallerIdentity", "kinesis:ListStreams", "cloudwatch:PutMetricData",
  "ec2:DescribeInstances", "ec2:DescribeLaunchTemplateVersions", "ec2:DescribeInstanceTypes", "ec2:DescribeImages", "ec2:GetInstanceTypesFromInstanceRequirements",
  "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
  "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"]);

// The arguments that hold a policy document, by resource type.
const POLICY_ARGUMENTS = {
  aws_iam_role: ["assume_role_policy"], aws_iam_role_policy: ["policy"], aws_iam_policy: ["policy"], aws_iot_policy: ["policy"],
  aws_kms_key: ["policy"], aws_s3_bucket_policy: ["policy"], aws_opensearch_domain: ["access_policies"],
  aws_opensearch_domain_policy: ["access_policies"], aws_secretsmanager_secret_policy: ["policy"], aws_ecr_repository_policy: ["policy"],
  aws_cloudwatch_log_resource_policy: ["policy_document"], aws_kinesis_resource_policy: ["policy"],
};

// ------------------------------------------------------------------ the provider's schema

function loadSchema() {
  const jsiiPath = process.env.PROVIDER_AWS_JSII || path.join(HERE, "node_modules/@cdktf/provider-aws/.jsii");
  const jsii = JSON.parse(fs.readFileSync(jsiiPath, "utf8"));
  const types = jsii.types;
  const version = /hashicorp\/aws\/([0-9.]+)\//.exec(types["@cdktf/provider-aws.vpc.Vpc"].docs.summary)[1];
  const structOf = (type) => {
    if (!type) return null;
    if (type.fqn && types[type.fqn] && types[type.fqn].datatype && type.fqn.startsWith("@cdktf/provider-aws")) return type.fqn;
    if (type.collection) return structOf(type.collection.elementtype);
    if (type.union) for (const member of type.union.types) { const found = structOf(member); if (found) return found; }
    return null;
  };
  const cache = new Map();
  const schemaOf = (fqn) => {
    if (cache.has(fqn)) return cache.get(fqn);
    const schema = { arguments: {}, blocks: {} };
    cache.set(fqn, schema);
    for (const property of types[fqn].properties || []) {
      const docs = property.docs ? `${property.docs.summary} ${property.docs.remarks || ""}` : "";
      const named = /#([a-z0-9_]+) /.exec(docs);
      const name = named ? named[1] : property.name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      const struct = structOf(property.type);
      if (struct) schema.blocks[name] = { required: !property.optional, schema: schemaOf(struct) };
      else schema.arguments[name] = { required: !property.optional };
    }
    return schema;
  };
  const schema = { version, resource: {}, data: {} };
  for (const type of Object.values(types)) {
    const named = type.kind === "class" && type.docs && /docs\/(resources|data-sources)\/\S+ ([a-z0-9_]+)\}/.exec(type.docs.summary || "");
    const config = named && type.initializer && type.initializer.parameters.find((p) => p.name === "config");
    if (config) {
      // What an address exposes: the class's properties (arguments and computed attributes) less the *Input twins.
      const attributes = new Set((type.properties || []).filter((p) => !p.static && !p.name.endsWith("Input"))
        .map((p) => p.name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase())));
      schema[named[1] === "resources" ? "resource" : "data"][named[2]] = { ...schemaOf(config.type.fqn), attributes };
    }
  }
  return schema;
}

// ------------------------------------------------------------------ reading a module

function tfFiles(folder) {
  return fs.readdirSync(folder).filter((name) => name.endsWith(".tf")).sort().map((name) => path.join(folder, name));
}

/** A module folder: its files parsed and merged (the way Terraform reads a folder). */
async function readModule(folder, problems) {
  const module = { folder, variable: {}, locals: {}, output: {}, resource: {}, data: {}, module: {}, files: [] };
  for (const file of tfFiles(folder)) {
    const text = fs.readFileSync(file, "utf8");
    let json;
    try {
      json = await parse(path.basename(file), text);
    } catch (error) {
      problems.push(`${rel(file)}: does not parse: ${String(error.message || error).split("\n")[0]}`);
      continue;
    }
    module.files.push({ file, text, json });
    for (const [name, list] of Object.entries(json.variable || {})) module.variable[name] = { file, body: list[0] };
    for (const block of json.locals || []) for (const [name, value] of Object.entries(block)) module.locals[name] = { file, value };
    for (const [name, list] of Object.entries(json.output || {})) module.output[name] = { file, body: list[0] };
    for (const [name, list] of Object.entries(json.module || {})) module.module[name] = { file, body: list[0] };
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        for (const [name, list] of Object.entries(byName)) {
          module[kind][`${type}.${name}`] = { file, type, name, body: list[0] };
        }
      }
    }
  }
  return module;
}

const rel = (file) => path.relative(process.cwd(), file);

// ------------------------------------------------------------------ the checks

function checkBody(body, schema, where, problems) {
  for (const [name, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(name)) continue;
    if (name === "dynamic") {
      for (const [blockName, dynamics] of Object.entries(value)) {
        const block = schema.blocks[blockName];
        if (!block) { problems.push(`${where}: no block "${blockName}" for dynamic`); continue; }
        for (const dynamic of dynamics) for (const content of dynamic.content || []) checkBody(content, block.schema, `${where}.${blockName}`, problems);
      }
      continue;
    }
    if (schema.arguments[name]) continue;
    const block = schema.blocks[name];
    if (!block) { problems.push(`${where}: "${name}" is neither an argument nor a block of it`); continue; }
    for (const instance of Array.isArray(value) ? value : [value]) {
      if (instance && typeof instance === "object") checkBody(instance, block.schema, `${where}.${name}`, problems);
    }
  }
  const dynamicBlocks = new Set(Object.keys(body.dynamic || {}));
  for (const [name, argument] of Object.entries(schema.arguments)) {
    if (argument.required && !(name in body)) problems.push(`${where}: required argument "${name}" is missing`);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && !(name in body) && !dynamicBlocks.has(name)) problems.push(`${where}: required block "${name}" is missing`);
  }
}

/** Every "${...}" expression in a value, with the key path it sits at. */
function* expressions(value, at = "") {
  if (typeof value === "string") {
    if (value.includes("${")) yield { expression: value, at };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* expressions(value[i], `${at}[${i}]`);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) yield* expressions(item, at ? `${at}.${key}` : key);
  }
}

async function checkReferences(module, modules, problems, schema) {
  const attributeOf = (kind, type, attribute, missing) => {
    const typeSchema = schema[kind][type];
    if (typeSchema && attribute && !/^[0-9]+$/.test(attribute) && !typeSchema.attributes.has(attribute)) missing(`${type} has no attribute "${attribute}"`);
  };
  const checkOne = async (value, where, context) => {
    for (const { expression, at } of expressions(value)) {
      if (at.startsWith("lifecycle")) continue; // ignore_changes names attributes, it references nothing
      let references;
      try {
        references = await getReferencesInExpression("check.tf", expression);
      } catch (error) {
        problems.push(`${where}.${at}: expression does not parse: ${expression}`);
        continue;
      }
      for (const { value: reference } of references) {
        const parts = reference.split(".");
        const [head, second, third] = parts;
        const missing = (what) => problems.push(`${where}.${at}: ${reference}: ${what}`);
        if (head === "var") { if (!module.variable[second]) missing(`no variable "${second}" in ${rel(module.folder)}`); }
        else if (head === "local") { if (!(second in module.locals)) missing(`no local "${second}"`); }
        else if (head === "module") {
          const call = module.module[second];
          if (!call) { missing(`no module "${second}"`); continue; }
          const target = modules.get(path.resolve(module.folder, call.body.source));
          if (target && third && !target.output[third]) missing(`module "${second}" (${call.body.source}) has no output "${third}"`);
        } else if (head === "data") {
          if (!module.data[`${second}.${third}`]) missing("no such data source");
          else attributeOf("data", second, parts[3], missing);
        }
        else if (head === "each") { if (!context.forEach) missing("each.* outside for_each"); }
        else if (head === "count") { if (!context.count) missing("count.* outside count"); }
        else if (head === "path" || head === "terraform" || head === "self") { /* built in */ }
        else if (/^aws_/.test(head)) {
          if (!module.resource[`${head}.${second}`]) missing("no such resource");
          else attributeOf("resource", head, third, missing);
        }
        else if (!context.locals.has(head)) missing("unknown name");
      }
    }
  };
  // A dynamic block's iterator (its name, or its iterator argument) is a name inside its content, at any depth.
  const iterators = (body, found = new Set()) => {
    if (Array.isArray(body)) body.forEach((item) => iterators(item, found));
    else if (body && typeof body === "object") {
      for (const [name, dynamics] of Object.entries(body.dynamic || {})) {
        for (const dynamic of dynamics) found.add(typeof dynamic.iterator === "string" ? dynamic.iterator.replace(/^\$\{|\}$/g, "") : name);
      }
      Object.values(body).forEach((value) => iterators(value, found));
    }
    return found;
  };
  for (const kind of ["resource", "data"]) {
    for (const [address, item] of Object.entries(module[kind])) {
      const context = { forEach: "for_each" in item.body, count: "count" in item.body, locals: iterators(item.body) };
      await checkOne(item.body, `${rel(item.file)}: ${kind === "data" ? "data." : ""}${address}`, context);
    }
  }
  for (const [name, call] of Object.entries(module.module)) {
    await checkOne(call.body, `${rel(call.file)}: module.${name}`, { forEach: "for_each" in call.body, count: "count" in call.body, locals: new Set() });
    const target = modules.get(path.resolve(module.folder, call.body.source));
    if (!target) { problems.push(`${rel(call.file)}: module.${name}: source ${call.body.source} is not a module folder here`); continue; }
    for (const argument of Object.keys(call.body)) {
      if (["source", "providers", "depends_on", "count", "for_each"].includes(argument)) continue;
      if (!target.variable[argument]) problems.push(`${rel(call.file)}: module.${name}: ${call.body.source} has no variable "${argument}"`);
    }
    for (const [variable, declared] of Object.entries(target.variable)) {
      if (!("default" in declared.body) && !(variable in call.body)) problems.push(`${rel(call.file)}: module.${name}: required variable "${variable}" is not set`);
    }
  }
  for (const [name, output] of Object.entries(module.output)) await checkOne(output.body, `${rel(output.file)}: output.${name}`, { locals: new Set() });
  for (const [name, local] of Object.entries(module.locals)) await checkOne(local.value, `${rel(local.file)}: local.${name}`, { locals: new Set() });
  for (const [name, variable] of Object.entries(module.variable)) {
    for (const validation of variable.body.validation || []) {
      await checkOne(validation.condition, `${rel(variable.file)}: variable.${name}.validation`, { locals: new Set() });
    }
  }
}

function checkVariables(module, problems) {
  for (const [name, variable] of Object.entries(module.variable)) {
    if (!variable.body.description) problems.push(`${rel(variable.file)}: variable.${name}: no description`);
    if (!variable.body.type) problems.push(`${rel(variable.file)}: variable.${name}: no type`);
  }
  for (const [name, output] of Object.entries(module.output)) {
    if (!output.body.description) problems.push(`${rel(output.file)}: output.${name}: no description`);
  }
}

function checkPolicies(module, problems) {
  for (const [address, item] of Object.entries(module.resource)) {
    for (const key of POLICY_ARGUMENTS[item.type] || []) {
      const value = item.body[key];
      if (typeof value === "string" && !/^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+(\[[^\]]+\])?\.json\}$/.test(value.trim())) {
        problems.push(`${rel(item.file)}: ${address}.${key}: write the policy as a data "aws_iam_policy_document" (was ${value.slice(0, 60)})`);
      }
    }
  }
  for (const [address, item] of Object.entries(module.data)) {
    if (item.type !== "aws_iam_policy_document") continue;
    for (const statement of item.body.statement || []) {
      const where = `${rel(item.file)}: data.${address} statement ${statement.sid || ""}`.trim();
      const actions = Array.isArray(statement.actions) ? statement.actions : [];
      if (actions.some((action) => action === "*" || /^[a-z0-9-]+:\*$/.test(action))) problems.push(`${where}: allows every action ("*")`);
      // A list, or an expression building one (concat, for): a literal "*" element in it counts.
      const resources = Array.isArray(statement.resources) ? statement.resources
        : typeof statement.resources === "string" && /"\*"/.test(statement.resources) ? ["*"] : [];
      if (resources.includes("*") && (statement.effect || "Allow") === "Allow" && !actions.every((action) => STAR_ONLY_ACTIONS.has(action))) {
        problems.push(`${where}: "*" resources for actions that can be granted on narrower ones: ${actions.filter((a) => !STAR_ONLY_ACTIONS.has(a)).join(", ")}`);
      }
      if (!statement.principals && !actions.length) problems.push(`${where}: no actions`);
    }
  }
}

/** An environment's terraform.tfvars sets only declared variables, and every one without a default. */
async function checkVariableValues(module, problems) {
  const file = path.join(module.folder, "terraform.tfvars");
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, "utf8");
  let values;
  try {
    values = await parse("terraform.tfvars", text);
  } catch (error) {
    problems.push(`${rel(file)}: does not parse: ${String(error.message || error).split("\n")[0]}`);
    return;
  }
  for (const name of Object.keys(values)) if (!module.variable[name]) problems.push(`${rel(file)}: "${name}" is not a variable of ${rel(module.folder)}`);
  for (const [name, variable] of Object.entries(module.variable)) {
    if (!("default" in variable.body) && !(name in values)) problems.push(`${rel(file)}: variable "${name}" has no default and no value here`);
  }
  if ((await format(text)) !== text) problems.push(`${rel(file)}: not formatted as terraform fmt formats it`);
}

async function checkFormat(module, fix, problems) {
  for (const { file, text } of module.files) {
    const formatted = await format(text);
    if (formatted !== text) {
      if (fix) fs.writeFileSync(file, formatted);
      else problems.push(`${rel(file)}: not formatted as terraform fmt formats it (run node terraform/tools/check.mjs --fix)`);
    }
  }
}

function moduleFolders(folders) {
  const found = [];
  const walk = (folder) => {
    if (path.basename(folder) === "node_modules" || path.basename(folder).startsWith(".")) return;
    if (tfFiles(folder).length) found.push(folder);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(folder, entry.name));
  };
  folders.forEach((folder) => walk(path.resolve(folder)));
  return found;
}

export async function check(folders, { fix = false, schema = loadSchema() } = {}) {
  const problems = [];
  const modules = new Map();
  for (const folder of moduleFolders(folders)) modules.set(folder, await readModule(folder, problems));
  // Modules a call names that lie outside the folders given (an environment's ../../modules/x).
  for (const module of [...modules.values()]) {
    for (const call of Object.values(module.module)) {
      const source = path.resolve(module.folder, call.body.source || "");
      if (!modules.has(source) && fs.existsSync(source) && tfFiles(source).length) modules.set(source, await readModule(source, problems));
    }
  }
  for (const module of modules.values()) {
    await checkFormat(module, fix, problems);
    checkVariables(module, problems);
    for (const kind of ["resource", "data"]) {
      for (const [address, item] of Object.entries(module[kind])) {
        const typeSchema = schema[kind][item.type];
        if (!typeSchema) problems.push(`${rel(item.file)}: ${kind} type "${item.type}" is not in the AWS provider ${schema.version}`);
        else checkBody(item.body, typeSchema, `${rel(item.file)}: ${kind === "data" ? "data." : ""}${address}`, problems);
      }
    }
    await checkReferences(module, modules, problems, schema);
    checkPolicies(module, problems);
    await checkVariableValues(module, problems);
  }
  return { problems, modules: modules.size, version: schema.version };
}

/** Each fixture's first comment lines "# expect: <text>" name a problem its folder must raise; nothing else may be raised. */
async function selfTest(schema) {
  const fixtures = path.join(HERE, "fixtures");
  let failures = 0;
  for (const name of fs.readdirSync(fixtures).sort()) {
    const folder = path.join(fixtures, name);
    const expected = tfFiles(folder).flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim()));
    const { problems } = await check([folder], { schema });
    for (const text of expected) {
      if (!problems.some((problem) => problem.includes(text))) { failures++; console.log(`self-test ${name}: not raised: ${text}`); }
    }
    for (const problem of problems) {
      if (!expected.some((text) => problem.includes(text))) { failures++; console.log(`self-test ${name}: unexpected: ${problem}`); }
    }
    console.log(`self-test ${name}: ${expected.length} expected problem(s), ${problems.length} raised`);
  }
  return failures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith("--") && !["--fix", "--self-test", "--help"].includes(a));
  if (args.includes("--help") || unknown.length) {
    console.log("usage: node check.mjs [--fix] [--self-test] [folder ...]");
    if (unknown.length) console.error(`unknown option: ${unknown.join(" ")}`);
    process.exit(unknown.length ? 2 : 0);
  }
  const schema = loadSchema();
  if (args.includes("--self-test")) {
    const failures = await selfTest(schema);
    process.exit(failures ? 1 : 0);
  }
  const folders = args.filter((a) => !a.startsWith("--"));
  const { problems, modules, version } = await check(folders.length ? folders : [path.join(ROOT, "modules"), path.join(ROOT, "environments")],
    { fix: args.includes("--fix"), schema });
  problems.forEach((problem) => console.log(problem));
  console.log(`${modules} module folder(s) checked against the AWS provider ${version}: ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
}
