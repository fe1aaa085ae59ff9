"""Activity analysis: which local names a piece of code reads and writes. Attributes of
names (`self.count`) and items at constant keys (`d["a"]`, `self.acc[0]`) are composite
symbols, read and written like names. Item assignments at other keys (`l[i] = x`) are
recorded as `item_writes` of the collection.

Nested functions, lambdas and comprehensions are their own scopes: their free names count
as reads where they are defined, their locals are invisible outside.
"""
import gast


class Activity:
    """Reads and writes of one node (names only)."""

    def __init__(self):
        self.reads = set()
        self.writes = set()
        self.item_writes = set()


class _Collector(gast.NodeVisitor):
    def __init__(self):
        self.act = Activity()

    def _use(self, name, ctx):
        """Record `name` as read (Load) or written (Store, Del)."""
        if isinstance(ctx, gast.Load):
            self.act.reads.add(name)
        elif isinstance(ctx, (gast.Store, gast.Del)):
            self.act.writes.add(name)

    def visit_Name(self, node):
        self._use(node.id, node.ctx)

    def visit_Attribute(self, node):
        name = qualified_name(node)
        if name is not None:
            self._use(name, node.ctx)
        self.visit(node.value)

    def visit_Subscript(self, node):
        name = qualified_name(node)
        if name is not None:
            self._use(name, node.ctx)
        elif isinstance(node.ctx, (gast.Store, gast.Del)):
            collection = qualified_name(node.value)
            if collection is not None:
                self.act.item_writes.add(collection)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        name = qualified_name(node.target)
        if name is not None:
            self.act.reads.add(name)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.act.writes.add(node.name)
        for d in node.decorator_list:
            self.visit(d)
        for d in node.args.defaults + [k for k in node.args.kw_defaults if k]:
            self.visit(d)
        self.act.reads |= free_names(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.act.writes.add(node.name)
        for n in node.bases + node.decorator_list:
            self.visit(n)
        self.act.reads |= free_names(node)

    def visit_Lambda(self, node):
        for d in node.args.defaults:
            self.visit(d)
        self.act.reads |= free_names(node)

    def _comprehension(self, node):
        self.act.reads |= free_names(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_Import(self, node):
        for a in node.names:
            self.act.writes.add((a.asname or a.name).split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_Global(self, node):
        pass

    visit_Nonlocal = visit_Global


def free_names(scope):
    """Names a nested scope reads from its enclosing scope."""
    inner = _Collector()
    local = set()
    if isinstance(scope, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)):
        local |= set(arg_names(scope.args))
        body = scope.body if isinstance(scope.body, list) else [scope.body]
    elif isinstance(scope, gast.ClassDef):
        body = scope.body
    else:
        # A comprehension: its targets are local; everything else it reads is free.
        inner.generic_visit(scope)
        body = []
    for stmt in body:
        inner.visit(stmt)
    declared = set()
    for n in gast.walk(scope):
        if isinstance(n, (gast.Nonlocal, gast.Global)):
            declared |= set(n.names)
    local |= inner.act.writes - declared
    return inner.act.reads - local


def qualified_name(node):
    """`a` for a Name; `a.b`, `a['k']`, `a[0]` for attributes and constant-key items of a
    qualified name (composite symbols, written as Python source); else None."""
    if isinstance(node, gast.Name):
        return node.id
    if isinstance(node, gast.Attribute):
        base = qualified_name(node.value)
        return None if base is None else base + "." + node.attr
    if (isinstance(node, gast.Subscript) and isinstance(node.slice, gast.Constant) and
            type(node.slice.value) in (str, int)):
        base = qualified_name(node.value)
        return None if base is None else "%s[%r]" % (base, node.slice.value)
    return None


def is_composite(name):
    return not name.isidentifier()


def root(name):
    """The plain name a qualified name starts with."""
    return name.split(".")[0].split("[")[0]


def arg_names(args):
    out = [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]
    if args.vararg:
        out.append(args.vararg.id)
    if args.kwarg:
        out.append(args.kwarg.id)
    return out


def analyze(node_or_nodes):
    """Activity of a node or a list of statements."""
    c = _Collector()
    for n in (node_or_nodes if isinstance(node_or_nodes, list) else [node_or_nodes]):
        c.visit(n)
    return c.act
