"""Fresh names that do not clash with any name used in the function being converted."""
import gast


class Namer:
    def __init__(self, tree):
        self.used = set()
        self.labels = {}         # generated name -> how errors call it
        for n in gast.walk(tree):
            if isinstance(n, gast.Name):
                self.used.add(n.id)
            elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
                self.used.add(n.name)

    def new(self, base):
        name, i = base, 0
        while name in self.used:
            i += 1
            name = "%s_%d" % (base, i)
        self.used.add(name)
        return name

    def display(self, name):
        """The name errors show for variable `name`."""
        return self.labels.get(name, name)
