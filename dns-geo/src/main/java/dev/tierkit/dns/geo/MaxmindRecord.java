package dev.tierkit.dns.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import java.util.List;

/**
 * The fields of a MaxMind City or Country record the geo map reads; the reader decodes only these.
 * Public because the MaxMind reader instantiates it reflectively from its own module.
 *
 * @param continent {@code continent.code} (AF, AN, AS, EU, NA, OC, SA)
 * @param country {@code country.iso_code}
 * @param subdivisions {@code subdivisions[].iso_code}, largest first (absent in Country databases)
 * @param location {@code location} (absent in Country databases)
 */
public record MaxmindRecord(
    @MaxMindDbParameter(name = "continent") Code continent,
    @MaxMindDbParameter(name = "country") Code country,
    @MaxMindDbParameter(name = "subdivisions") List<Code> subdivisions,
    @MaxMindDbParameter(name = "location") Location location) {
  @MaxMindDbConstructor
  public MaxmindRecord {}

  /** A {@code code} (continents) or {@code iso_code} (countries, subdivisions). */
  public record Code(
      @MaxMindDbParameter(name = "code") String code,
      @MaxMindDbParameter(name = "iso_code") String isoCode) {
    @MaxMindDbConstructor
    public Code {}
  }

  /** Coordinates in degrees. */
  public record Location(
      @MaxMindDbParameter(name = "latitude") Double latitude,
      @MaxMindDbParameter(name = "longitude") Double longitude) {
    @MaxMindDbConstructor
    public Location {}
  }
}
