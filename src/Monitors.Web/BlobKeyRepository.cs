using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Monitors.Core.Configuration;

namespace Monitors.Web;

/// <summary>
/// Keeps the Data Protection key ring (what antiforgery tokens are protected with) in Blob container
/// <c>dataprotection</c>, so every Functions instance and every restart of <c>monitors serve</c> accepts the forms the
/// others served. One blob per key, written once; the storage account accepts only the app's identity.
/// </summary>
internal sealed class BlobKeyRepository(BlobServiceClient blobs) : IXmlRepository
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.Containers.DataProtection);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        try
        {
            foreach (var item in _container.GetBlobs())
            {
                var content = _container.GetBlobClient(item.Name).DownloadContent().Value.Content;
                elements.Add(XElement.Parse(content.ToString()));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: no key yet; the first StoreElement creates both.
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _container.CreateIfNotExists();
        var name = string.Concat((friendlyName ?? Guid.NewGuid().ToString("n")).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')) + ".xml";
        try
        {
            _container.GetBlobClient(name).Upload(
                BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The same key id written by another instance: keys are immutable, so theirs is ours.
        }
    }
}
