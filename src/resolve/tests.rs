use std::path::PathBuf;

use super::*;
use crate::discovery::Category;

fn files(tree: &[(&str, &str)]) -> Vec<ScannedFile> {
    let mut tree = tree.to_vec();
    tree.sort();
    tree.into_iter()
        .map(|(rel, text)| {
            // Absolute paths that do not exist: nothing is read from disk (stubs, submodules).
            let mut file = crate::model::test_support::scanned(rel, text);
            file.file.abs = PathBuf::from("/nonexistent").join(rel);
            file.file.category = Category::Source;
            file
        })
        .collect()
}

fn config(toml_text: &str) -> Config {
    toml::from_str(toml_text).unwrap()
}

fn file_of(files: &[ScannedFile], rel: &str) -> usize {
    files.iter().position(|f| f.file.rel == rel).unwrap()
}

/// Resolves the `n`th import of `rel`.
fn resolve(index: &ModuleIndex, rel: &str, n: usize) -> Resolution {
    let file = file_of(index.files(), rel);
    let facts = index.files()[file].facts.as_ref().unwrap();
    index.resolve_import(file, &facts.imports[n])
}

#[test]
fn module_names_follow_the_first_source_root() {
    let fs = files(&[
        ("svc/api/app/__init__.py", ""),
        ("svc/api/app/main.py", ""),
        ("svc/api/app/ns/deep.py", ""),
        ("lib/top.py", ""),
        ("svc/not-a-module/x.py", ""),
    ]);
    let cfg = config("src = ['svc/api', './lib/', '.']");
    let index = ModuleIndex::build(Path::new("/nonexistent"), &cfg, &fs);
    let name = |rel| index.module_of(file_of(&fs, rel));
    assert_eq!(name("svc/api/app/__init__.py"), Some("app"));
    assert_eq!(name("svc/api/app/main.py"), Some("app.main"));
    assert_eq!(name("lib/top.py"), Some("top"));
    assert_eq!(name("svc/not-a-module/x.py"), None);
    let ns = index.lookup("app.ns").unwrap();
    assert_eq!(index.module(ns).kind, ModuleKind::Namespace);
    assert_eq!(
        index.module(index.lookup("app").unwrap()).kind,
        ModuleKind::Package
    );
    assert!(index.is_first_party("app") && !index.is_first_party("requests"));
}

#[test]
fn relative_imports_climb_packages_and_stop_at_the_root() {
    let fs = files(&[
        (
            "pkg/__init__.py",
            "from . import sub\nfrom .. import nope\n",
        ),
        ("pkg/sub/__init__.py", ""),
        (
            "pkg/sub/mod.py",
            "from ..other import X\nfrom ...way import up\nfrom . import gone\n",
        ),
        ("pkg/other.py", "X = 1\n"),
    ]);
    let index = ModuleIndex::build(Path::new("/nonexistent"), &Config::default(), &fs);
    let r = resolve(&index, "pkg/__init__.py", 0);
    assert_eq!(r.module, "pkg");
    assert!(matches!(r.names[0], NameTarget::Submodule(_)));
    let r = resolve(&index, "pkg/__init__.py", 1);
    assert_eq!(r.target, Target::Missing(Missing::BeyondRoot));
    let r = resolve(&index, "pkg/sub/mod.py", 0);
    assert_eq!(r.module, "pkg.other");
    assert_eq!(r.names, vec![NameTarget::Name]);
    assert_eq!(
        resolve(&index, "pkg/sub/mod.py", 1).target,
        Target::Missing(Missing::BeyondRoot)
    );
    assert_eq!(
        resolve(&index, "pkg/sub/mod.py", 2).names,
        vec![NameTarget::Missing]
    );
}

#[test]
fn star_imports_all_getattr_and_cycles() {
    let fs = files(&[
        ("a.py", "from b import *\n"),
        ("b.py", "from a import *\nfrom c import *\n"),
        (
            "c.py",
            "__all__ = ['Public']\nPublic = 1\nOther = 2\n_private = 3\n",
        ),
        ("d.py", "def __getattr__(name): ...\n"),
        ("e.py", "from requests import *\n"),
        ("f.py", "import sys\nglobals()['made'] = 1\n"),
    ]);
    let index = ModuleIndex::build(Path::new("/nonexistent"), &Config::default(), &fs);
    let id = |n| index.lookup(n).unwrap();
    assert_eq!(index.has_name(id("a"), "Public"), Some(true));
    assert_eq!(
        index.has_name(id("a"), "Other"),
        Some(false),
        "__all__ limits star"
    );
    assert_eq!(
        index.has_name(id("a"), "missing"),
        Some(false),
        "a <-> b cycle ends"
    );
    assert_eq!(index.has_name(id("d"), "anything"), Some(true));
    assert_eq!(
        index.has_name(id("e"), "anything"),
        None,
        "external star: unknown"
    );
    assert_eq!(index.has_name(id("f"), "made"), None, "globals(): unknown");
    assert_eq!(index.has_name(id("c"), "__file__"), Some(true));
}

#[test]
fn find_definition_follows_re_exports() {
    let fs = files(&[
        (
            "pkg/__init__.py",
            "from .impl import Thing as Alias\nfrom .star import *\n",
        ),
        ("pkg/impl.py", "import os\n\n\nclass Thing:\n    pass\n"),
        ("pkg/star.py", "from pkg.impl import Thing\nVALUE = 3\n"),
        (
            "pkg/fallback.py",
            "try:\n    from fastlib import Thing\nexcept ImportError:\n    from pkg.impl import Thing\n",
        ),
    ]);
    let index = ModuleIndex::build(Path::new("/nonexistent"), &Config::default(), &fs);
    let site = index.find_definition("pkg", "Alias").unwrap();
    assert_eq!((index.file_rel(site.file), site.line), ("pkg/impl.py", 4));
    let site = index.find_definition("pkg", "VALUE").unwrap();
    assert_eq!((index.file_rel(site.file), site.line), ("pkg/star.py", 2));
    let site = index.find_definition("pkg.star", "Thing").unwrap();
    assert_eq!(index.file_rel(site.file), "pkg/impl.py");
    assert_eq!(index.find_definition("pkg.impl", "os"), None, "external");
    let site = index.find_definition("pkg.fallback", "Thing").unwrap();
    assert_eq!(
        index.file_rel(site.file),
        "pkg/impl.py",
        "the import that leads somewhere"
    );
    assert_eq!(index.find_definition("pkg", "nothing"), None);
}

#[test]
fn external_config_and_module_attributes() {
    let fs = files(&[
        ("alembic/env.py", "from alembic import context\n"),
        ("osmod.py", "import posixpath as path\n"),
        ("user.py", "import osmod.path\nimport osmod.nope\n"),
    ]);
    let cfg = config("external = ['alembic']");
    let index = ModuleIndex::build(Path::new("/nonexistent"), &cfg, &fs);
    let r = resolve(&index, "alembic/env.py", 0);
    assert_eq!(r.target, Target::External("alembic".into()));
    assert_eq!(r.names, vec![NameTarget::Unknown]);
    assert!(matches!(
        resolve(&index, "user.py", 0).target,
        Target::Attribute(_)
    ));
    assert!(matches!(
        resolve(&index, "user.py", 1).target,
        Target::Missing(Missing::Module {
            found: Some(_),
            namespace_top: false,
            import_hook: None,
        })
    ));
}

/// Airflow and Salt (issue 15): a package that writes its namespace (`globals()[...] = ...`,
/// a lazy `__getattr__`) makes names, never submodules, so a missing submodule is missing; one
/// that installs an import hook may provide it, and is named.
#[test]
fn namespace_writes_do_not_hide_missing_submodules() {
    let fs = files(&[
        (
            "airflow/__init__.py",
            "def __getattr__(name):\n    globals()[name] = value = load(name)\n    return value\n",
        ),
        (
            "airflow/models/__init__.py",
            "for n in NAMES:\n    globals()[n] = 1\n",
        ),
        (
            "salt/__init__.py",
            "import sys\nclass Hook: ...\nsys.meta_path.insert(0, Hook())\n",
        ),
        ("salt/utils/__init__.py", ""),
        (
            "user.py",
            "from airflow.models.dagg import DAG\nfrom salt.nothere import x\n\
             from salt.utils.gone import y\nfrom airflow.models import Anything\n",
        ),
    ]);
    let index = ModuleIndex::build(Path::new("/nonexistent"), &Config::default(), &fs);
    let salt = index.lookup("salt");
    assert!(matches!(
        resolve(&index, "user.py", 0).target,
        Target::Missing(Missing::Module {
            found: Some(_),
            import_hook: None,
            ..
        })
    ));
    for n in [1, 2] {
        match resolve(&index, "user.py", n).target {
            Target::Missing(Missing::Module { import_hook, .. }) => assert_eq!(import_hook, salt),
            other => panic!("{other:?}"),
        }
    }
    // Names of a package that writes its namespace stay unknown.
    assert_eq!(
        resolve(&index, "user.py", 3).names,
        vec![NameTarget::Unknown]
    );
}

#[test]
fn suggestions() {
    let fs = files(&[
        ("app/__init__.py", ""),
        ("app/agents/__init__.py", ""),
        (
            "app/agents/registry.py",
            "class AgentRegistry: ...\ndef get_settings(): ...\n",
        ),
        ("app/other.py", "module = 1\n"),
    ]);
    let index = ModuleIndex::build(Path::new("/nonexistent"), &Config::default(), &fs);
    let names = |ids: Vec<ModuleId>| {
        ids.into_iter()
            .map(|m| index.module(m).name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(index.defined_in("AgentRegistry", "app.x")),
        vec!["app.agents.registry"]
    );
    assert!(
        index.defined_in("module", "app").is_empty(),
        "lowercase variables are not offered"
    );
    let m = index.closest_module("app.agent.registry").unwrap();
    assert_eq!(index.module(m).name, "app.agents.registry");
    let m = index.closest_module("app.agnets").unwrap();
    assert_eq!(index.module(m).name, "app.agents");
    let reg = index.lookup("app.agents.registry").unwrap();
    assert_eq!(
        index.closest_name(reg, "get_setings").as_deref(),
        Some("get_settings")
    );
    assert_eq!(index.closest_name(reg, "zzz"), None);
}
