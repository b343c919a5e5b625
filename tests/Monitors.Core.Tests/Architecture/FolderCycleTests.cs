using Mono.Cecil;
using Mono.Cecil.Cil;
using Monitors.Core.Catalog;

namespace Monitors.Core.Tests.Architecture;

/// <summary>
/// Core's folders (one namespace each: <c>Monitors.Core.Checking</c>, <c>Monitors.Core.Site</c>…) depend on each other
/// in one direction only, so a newcomer can read them bottom-up. The graph is read from the built assembly — every type
/// named in a base type, interface, field, property, signature, attribute or method body — not from <c>using</c> lines.
/// </summary>
public sealed class FolderCycleTests
{
    private const string Root = "Monitors.Core";

    [Fact]
    public void CoreFolders_DependOnEachOtherWithoutCycles()
    {
        var graph = FolderGraph(typeof(PlatformCatalog).Assembly.Location);

        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToArray();

        Assert.True(cycles.Length == 0, "Folders of Monitors.Core that depend on each other in a cycle:\n" + string.Join("\n", cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void FolderGraph_SeesDependenciesInMethodBodies()
    {
        // Checking uses Detection's state machine inside method bodies: the reader must see edges there, or a cycle
        // through a body would pass unnoticed.
        var graph = FolderGraph(typeof(PlatformCatalog).Assembly.Location);

        Assert.Contains("Catalog", graph["Checking"].Keys);
        Assert.True(graph.Count >= 10, $"only {graph.Count} folders found");
    }

    /// <summary>Folder → folders it uses → one example (type → type) per edge, for the failure message.</summary>
    private static Dictionary<string, Dictionary<string, string>> FolderGraph(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            if (Folder(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var used in Uses(type))
            {
                if (Folder(used) is { } to && to != from)
                {
                    edges.TryAdd(to, $"{type.FullName} → {used.FullName}");
                }
            }
        }

        return graph;
    }

    /// <summary>The folder of a type of Core (its namespace's first segment under Monitors.Core); null for other assemblies' types and the root.</summary>
    private static string? Folder(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        var ns = type.Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }

                    return;
                case TypeSpecification spec:
                    Add(spec.ElementType);
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            AddAttributes(method);
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference m:
                        AddMethod(m);
                        break;
                    case FieldReference f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>Tarjan's strongly connected components: each component of more than one folder is a cycle.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var edges) ? edges.Keys.ToArray() : [])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                components.Add(component);
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return components;
    }

    private static string Describe(List<string> component, Dictionary<string, Dictionary<string, string>> graph)
    {
        var members = component.ToHashSet(StringComparer.Ordinal);
        var edges = component.Order(StringComparer.Ordinal)
            .SelectMany(from => graph[from].Where(e => members.Contains(e.Key)).Select(e => $"    {from} → {e.Key} (e.g. {e.Value})"));
        return $"  {{{string.Join(", ", component.Order(StringComparer.Ordinal))}}}:\n{string.Join("\n", edges)}";
    }
}
