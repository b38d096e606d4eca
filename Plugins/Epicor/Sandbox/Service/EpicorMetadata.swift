/// `.../Erp.BO.{Svc}/$metadata`: an OData v4 CSDL document describing the service's entity
/// types, keys, properties and navigations [V: `$metadata` is served as XML (SNO; public
/// client code)]. The namespace and type names follow the sandbox's `typeName`s [U].
enum EpicorMetadata {
  static func document(for service: EpicorService) -> String {
    var xml = #"<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">"#
    xml += #"<edmx:DataServices><Schema Namespace="Erp.BO.\#(service.name)" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#
    for tableName in service.tables {
      guard let schema = EpicorCatalog.tables[tableName] else { continue }
      xml += #"<EntityType Name="\#(tableName)Row"><Key>"#
      for index in schema.key { xml += #"<PropertyRef Name="\#(schema.fields[index].name)"/>"# }
      xml += "</Key>"
      for (index, field) in schema.fields.enumerated() {
        let nullable = schema.key.contains(index) ? "false" : "true"
        xml += #"<Property Name="\#(field.name)" Type="\#(field.type.edmName)" Nullable="\#(nullable)"/>"#
      }
      for navigation in schema.navigations {
        xml += #"<NavigationProperty Name="\#(navigation.name)" Type="Collection(Erp.BO.\#(service.name).\#(navigation.childTable)Row)"/>"#
      }
      xml += "</EntityType>"
    }
    xml += #"<EntityContainer Name="\#(service.name)">"#
    for (set, table) in service.entitySets.sorted(by: { $0.key < $1.key }) {
      xml += #"<EntitySet Name="\#(set)" EntityType="Erp.BO.\#(service.name).\#(table)Row"/>"#
    }
    xml += "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
    return xml
  }
}
