"""Find the code in a submission that changes how later cells run, for the instructor to look at.

The sandbox (autograder/sandbox.py) keeps a student's code away from the files; inside its own
kernel that code can still change how the hidden tests run after it: an IPython input or AST
transformer rewrites a test cell before it runs, a replaced numpy, TensorFlow, Keras or
builtins function or test helper answers the test, an edited ``sys.modules`` swaps a module.
``tricks(notebook)`` reads each code cell (not the test cells, which nbgrader restores) and
says which cell does which. It reads the code, it does not run it: code built from strings
(``exec``, ``eval``, ``compile``, ``__import__``) is named too, as what cannot be read. A flagged
notebook is still graded; the report lists it under "needs a look".
"""

import ast

# Modules whose attributes a lesson's tests rely on; gancourse holds the test helpers.
PROTECTED = ("numpy", "tensorflow", "keras", "builtins", "__builtins__", "gancourse")
# IPython's hooks into how cells run: attribute -> what using it does
HOOKS = {
    "input_transformers_cleanup": "registers an IPython input transformer",
    "input_transformers_post": "registers an IPython input transformer",
    "input_transformer_manager": "changes IPython's input transformers",
    "ast_transformers": "registers an IPython AST transformer",
    "set_custom_exc": "installs an IPython exception handler",
    "events": "registers an IPython event callback",
    "excepthook": "replaces sys.excepthook",
    "displayhook": "replaces sys.displayhook",
    "settrace": "installs a trace function (sys.settrace)",
    "setprofile": "installs a profile function (sys.setprofile)",
}
DYNAMIC = {"exec", "eval", "compile", "__import__"}
MUTATORS = {"update", "pop", "popitem", "setdefault", "clear", "__setitem__", "__delitem__"}


def tricks(notebook):
    """``[(cell label, what it does)]`` for NOTEBOOK (an nbformat notebook), in cell order."""
    found = []
    aliases = {}  # name -> protected module it stands for, carried from cell to cell as the kernel does
    for index, cell in enumerate(notebook.cells):
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or (nbgrader.get("grade") and not nbgrader.get("solution")):
            continue
        label = f"cell {nbgrader.get('grade_id') or index + 1}"
        for what in _scan(cell.source, aliases):
            if (label, what) not in found:
                found.append((label, what))
    return found


def _python(source):
    """SOURCE as Python: IPython's magics (%, !) turned into the calls they stand for."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except Exception:  # a cell IPython cannot read fails when it runs
        pass
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _root(node, aliases):
    """The protected module an expression like ``np.testing.assert_allclose`` starts from, or None."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        return aliases.get(node.id) or (node.id if node.id in ("__builtins__", "builtins") else None)
    return None


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _is_sys_modules(node):
    return isinstance(node, ast.Attribute) and node.attr == "modules" and _dotted(node.value) in ("sys", "_sys")


def _scan(source, aliases):
    tree = _python(source)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            base = node.module if isinstance(node, ast.ImportFrom) else None
            for name in node.names:
                full = f"{base}.{name.name}" if base else name.name
                top = full.split(".")[0]
                if top in PROTECTED:
                    aliases[name.asname or (name.name if base else top)] = top
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            root = _root(node.value, aliases) if isinstance(node.value, (ast.Attribute, ast.Name)) else None
            if root:  # Dense = keras.layers.Dense: Dense stands for keras from here on
                aliases[node.targets[0].id] = root
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for leaf in _unpack(target):
                if isinstance(leaf, (ast.Attribute, ast.Subscript)):
                    if _is_sys_modules(leaf) or _is_sys_modules(getattr(leaf, "value", None)):
                        found.append("edits sys.modules")
                    elif isinstance(leaf, ast.Attribute) and leaf.attr in HOOKS and leaf.attr != "events":
                        found.append(HOOKS[leaf.attr])
                    elif _root(leaf, aliases):
                        found.append(f"replaces an attribute of {_root(leaf, aliases)} ({_dotted(leaf) or 'a subscript'})")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("setattr", "delattr") and node.args:
                root = _root(node.args[0], aliases)
                if root or _is_sys_modules(node.args[0]):
                    found.append(f"replaces an attribute of {root or 'sys'} ({func.id})")
            elif isinstance(func, ast.Name) and func.id in DYNAMIC:
                found.append(f"runs code built from a string ({func.id}): what it does cannot be read before it runs")
            elif isinstance(func, ast.Attribute):
                if func.attr in MUTATORS and _is_sys_modules(func.value):
                    found.append("edits sys.modules")
                elif _dotted(func.value).endswith("events") and func.attr == "register":
                    found.append(HOOKS["events"])
                elif func.attr in HOOKS and func.attr != "events" and func.attr not in ("excepthook", "displayhook"):
                    found.append(HOOKS[func.attr])
                elif func.attr in ("append", "insert", "extend", "__setitem__", "register") \
                        and isinstance(func.value, ast.Attribute) and func.value.attr in HOOKS:
                    found.append(HOOKS[func.value.attr])
                elif func.attr in ("import_module", "reload") and _dotted(func.value) == "importlib":
                    found.append(f"runs code built from a string (importlib.{func.attr}): what it does cannot be "
                                 f"read before it runs")
    return list(dict.fromkeys(found))


def _unpack(target):
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _unpack(element)
    elif isinstance(target, ast.Starred):
        yield from _unpack(target.value)
    else:
        yield target
