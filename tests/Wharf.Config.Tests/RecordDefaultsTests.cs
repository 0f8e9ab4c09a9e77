using System.Text.Json.Serialization.Metadata;
using Wharf.Config.Json;
using Wharf.Config.Model;

namespace Wharf.Config.Tests;

public sealed class RecordDefaultsTests
{
    [Fact]
    public void Every_record_in_the_configuration_has_a_prototype()
    {
        // A record without one would read omitted fields as 0 or null (dotnet/runtime#84484).
        var missing = Records(ConfigJsonContext.Default.WharfConfig, []).Where(t => !RecordDefaults.Covers(t)).Select(t => t.Name);

        Assert.True(!missing.Any(), $"add a prototype to RecordDefaults for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void An_empty_file_object_reads_as_a_new_record_with_every_default()
    {
        var result = ConfigReader.Parse("{}");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(ConfigWriter.Serialize(new WharfConfig()), ConfigWriter.Serialize(result.Config!));
    }

    private static HashSet<Type> Records(JsonTypeInfo contract, HashSet<Type> found)
    {
        if (NamedMap.For(contract.Type) is { } map)
        {
            // Its converter hides its values from the contract; they are records all the same.
            found.Add(contract.Type);
            Records(ConfigJsonContext.Default.GetTypeInfo(map.ValueType)!, found);
        }
        else if (contract.Kind == JsonTypeInfoKind.Object && found.Add(contract.Type))
        {
            foreach (var property in contract.Properties)
                Records(ConfigJsonContext.Default.GetTypeInfo(property.PropertyType)!, found);
        }
        else if (contract.Kind == JsonTypeInfoKind.Enumerable)
        {
            Records(ConfigJsonContext.Default.GetTypeInfo(contract.ElementType!)!, found);
        }
        return found;
    }
}
