using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using DyT.Checkpoints;

namespace DyT.Runtime.Tests.Checkpoints;

/// <summary>Broken files fail with a <see cref="SafetensorsFormatException"/> that says what is broken.</summary>
public class SafetensorsFormatTests
{
    private static MemoryStream File(string header, int dataBytes, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return new MemoryStream(bytes);
    }

    private static string Fails(MemoryStream file) =>
        Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(file, "broken.safetensors")).Message;

    [Fact]
    public void A_well_formed_file_loads()
    {
        var tensors = Safetensors.Load(File("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8));

        Assert.Equal(new long[] { 2 }, tensors["w"].shape);
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_rejected()
    {
        Assert.Contains("ends inside the 8-byte header length (needed 8 bytes, found 3)", Fails(new MemoryStream(new byte[3])));
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_rejected()
    {
        Assert.Contains("broken.safetensors: the header length in the first 8 bytes exceeds the 2 bytes after them",
            Fails(File("{}", 0, declaredLength: 4096)));
    }

    [Fact]
    public void A_header_that_is_not_json_is_rejected()
    {
        Assert.Contains("the header is not valid JSON", Fails(File("{not json}", 0)));
    }

    [Fact]
    public void Data_that_ends_early_is_rejected_from_the_header_before_any_data_is_read()
    {
        Assert.Contains("the data section has 5 bytes, but tensor 'w' ends at byte 8; the file is truncated",
            Fails(File("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 5)));
    }

    [Fact]
    public void Data_that_ends_early_in_a_forward_only_stream_is_rejected_naming_the_tensor()
    {
        var file = new ForwardOnlyStream(File("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 5).ToArray());

        var message = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(file, "broken.safetensors")).Message;

        Assert.Contains("ends inside the data of tensor 'w' (needed 8 bytes, found 5)", message);
    }

    [Fact]
    public void Offsets_that_disagree_with_the_shape_are_rejected_with_both_sizes()
    {
        Assert.Contains("tensor 'w': shape [2, 3] of F16 needs 12 bytes, but data_offsets [0, 10] span 10",
            Fails(File("""{"w":{"dtype":"F16","shape":[2,3],"data_offsets":[0,10]}}""", 10)));
    }

    [Fact]
    public void An_unsupported_dtype_is_rejected_listing_the_supported_ones()
    {
        var message = Fails(File("""{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 1));

        Assert.Contains("tensor 'w' has dtype F8_E4M3; supported: F64, F32, F16, BF16", message);
    }

    [Fact]
    public void Overlapping_tensors_are_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";

        Assert.Contains("tensor 'b' at bytes [4, 8) overlaps the tensor before it (which ends at 8)", Fails(File(header, 8)));
    }

    [Fact]
    public void A_missing_field_is_named()
    {
        Assert.Contains("tensor 'w' has no shape array", Fails(File("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", 4)));
    }

    [Fact]
    public void A_shape_whose_byte_count_overflows_is_named_with_the_file_and_the_tensor()
    {
        var message = Fails(File("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", 8));

        Assert.Contains("broken.safetensors: tensor 'w': shape [4294967296, 4294967296] of F32 holds more than 9223372036854775807 bytes", message);
    }

    [Fact]
    public void A_byte_count_that_would_wrap_to_zero_is_rejected_before_LibTorch_sees_it()
    {
        // 2^62 elements of 4 bytes is 2^64 bytes, which wraps to 0 and so would match data_offsets [0, 0].
        var message = Fails(File("""{"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}}""", 0));

        Assert.Contains("broken.safetensors: tensor 'w': shape [4611686018427387904] of F32 holds more than", message);
    }

    [Fact]
    public void A_shape_with_a_zero_dimension_holds_no_bytes_however_large_the_others()
    {
        var tensors = Safetensors.Load(File("""{"w":{"dtype":"F32","shape":[4611686018427387904,0],"data_offsets":[0,0]}}""", 0));

        Assert.Equal(new long[] { 4611686018427387904, 0 }, tensors["w"].shape);
    }

    [Fact]
    public void A_key_twice_in_the_header_is_named_with_the_file()
    {
        var header = """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";

        Assert.Contains("broken.safetensors: tensor 'w' appears twice in the header", Fails(File(header, 8)));
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"I32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "dtype")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"shape":[1],"data_offsets":[0,4]}}""", "shape")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8],"data_offsets":[0,4]}}""", "data_offsets")]
    public void A_field_twice_in_a_tensor_entry_is_rejected_as_a_name_twice_is(string header, string field)
    {
        Assert.Contains($"broken.safetensors: tensor 'w' has the field {field} twice", Fails(File(header, 8)));
    }

    [Fact]
    public void A_metadata_key_twice_is_rejected()
    {
        Assert.Contains("broken.safetensors: __metadata__.format appears twice",
            Fails(File("""{"__metadata__":{"format":"pt","format":"np"}}""", 0)));
    }

    [Fact]
    public void The_error_for_a_file_that_is_not_safetensors_does_not_quote_its_bytes()
    {
        var text = Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\n");
        var almost = new byte[] { 5, 0, 0, 0, 0, 0, 0, 0, (byte)'r', (byte)'o', (byte)'o', (byte)'t', (byte)':' };

        var first = Fails(new MemoryStream(text));
        var second = Fails(new MemoryStream(almost));

        Assert.Contains("the first 8 bytes are not a header length from 2 to 100000000 bytes; not a safetensors file?", first);
        Assert.DoesNotContain(BinaryPrimitives.ReadUInt64LittleEndian(text).ToString(), first);
        Assert.Contains("the header does not start with '{'; not a safetensors file?", second);
        Assert.DoesNotContain("0x72", second); // 'r'
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_rejected()
    {
        var json = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""");
        json[2] = 0xFF; // inside the name "w"
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);

        Assert.Contains("broken.safetensors: the header is not valid UTF-8", Fails(new MemoryStream(bytes)));
    }
}

